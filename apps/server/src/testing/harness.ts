// Test harness: a real app on a real database (a SQLite file, or a fresh PostgreSQL database), and an HTTP client
// that carries cookies and the CSRF token like the console does.
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { SessionInfo } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { asAdmin, databaseUrl, postgresUrl, scratchDatabase } from './postgres.js';
import type { AppContext } from '../platform/context.js';
import type { RealtimeHub } from '../platform/realtime.js';

export const dialect = process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
export { postgresUrl };

export interface TestApp {
  /** PostgreSQL database of this test's data (another TestApp can join it as a second server process). */
  databaseName?: string;
  app: FastifyInstance;
  ctx: AppContext;
  hub: RealtimeHub;
  database: Database;
  close(): Promise<void>;
}

let template: Promise<string> | undefined;

/**
 * Running the 30-odd migrations takes about 0.8 s on PostgreSQL, and dropping their schema 0.2 s; copying an already
 * migrated database takes 0.05–0.3 s, dropping it 0.02 s.
 * Each PostgreSQL test therefore gets a copy of a template database migrated once, named after the migrations' code
 * (an edited migration makes a new template; older ones are dropped). Several test processes may ask at once: an
 * advisory lock lets one build it, under another name until it is complete.
 */
function templateDatabase(): Promise<string> {
  template ??= asAdmin(async (admin) => {
    // The migrations' source files, not their compiled functions: vitest and tsx compile them differently, and each
    // would otherwise drop the other's template.
    const digest = createHash('sha256');
    const folder = new URL('../db/migrations/', import.meta.url);
    for (const file of readdirSync(folder).sort()) digest.update(file).update(readFileSync(new URL(file, folder)));
    const name = `atiende_template_${digest.digest('hex').slice(0, 16)}`;
    await admin.query('select pg_advisory_lock(7301)');
    try {
      const existing = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like 'atiende\\_template\\_%'",
      );
      if (existing.rows.some((r) => r.datname === name)) return name;
      for (const { datname } of existing.rows)
        await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
      const building = `${name}_building`;
      await admin.query(`CREATE DATABASE ${building}`);
      const database = openDatabase({ databaseUrl: databaseUrl(building), sqliteFile: '', poolSize: 1 });
      try {
        await migrateToLatest(database.db);
      } finally {
        await database.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
      return name;
    } finally {
      await admin.query('select pg_advisory_unlock(7301)');
    }
  });
  return template;
}

export async function startTestApp(
  options: {
    publicUrl?: string;
    smtpUrl?: string;
    logs?: string[];
    joinDatabase?: string;
    dialect?: 'sqlite' | 'postgres';
    widgetVisitorsPerIpPerHour?: number;
    whatsappGraphUrl?: string;
    emailMaxBytes?: number;
    staticRoot?: string;
  } = {},
): Promise<TestApp> {
  const useDialect = options.dialect ?? dialect;
  const dir = mkdtempSync(join(tmpdir(), 'atiende-test-'));
  let database: Database;
  let dropDatabase = async () => {};
  let databaseName: string | undefined;
  if (useDialect === 'postgres') {
    databaseName = options.joinDatabase;
    if (!databaseName) {
      const scratch = await scratchDatabase('t', await templateDatabase());
      dropDatabase = () => scratch.drop();
      databaseName = scratch.name;
    }
    database = openDatabase({ databaseUrl: databaseUrl(databaseName), sqliteFile: '', poolSize: 4 });
  } else {
    database = openDatabase({ sqliteFile: join(dir, 'test.sqlite') });
  }
  // A copy of the template is already at the latest migration.
  if (useDialect === 'sqlite') await migrateToLatest(database.db);
  const config = loadConfig(
    {},
    {
      databaseUrl: undefined,
      dataDir: dir,
      staticRoot: options.staticRoot ?? dir,
      runJobs: false,
      publicUrl: options.publicUrl ?? 'http://atiende.test',
      bodyLimitBytes: 64 * 1024,
      smtpUrl: options.smtpUrl,
      logLevel: 'debug',
      widgetVisitorsPerIpPerHour: options.widgetVisitorsPerIpPerHour ?? 1_000,
      ...(options.whatsappGraphUrl ? { whatsappGraphUrl: options.whatsappGraphUrl } : {}),
      ...(options.emailMaxBytes ? { emailMaxBytes: options.emailMaxBytes } : {}),
    },
  );
  const logs = options.logs;
  const logStream = logs
    ? new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) })
    : undefined;
  const { app, ctx, hub } = await buildApp(config, database, logStream ? { logStream } : { logger: false });
  await app.ready();
  return {
    databaseName,
    app,
    ctx,
    hub,
    database,
    async close() {
      await app.close();
      await database.close();
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A person in a browser: keeps the session cookie and sends the CSRF token on changes. */
export class Client {
  cookie = '';
  /** The browser's device cookie (given at sign-in; the password limits know this browser by it). */
  device = '';
  csrf = '';
  bearer = '';
  language = 'en';

  constructor(readonly app: FastifyInstance) {}

  async request<T = any>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers: {
        'accept-language': this.language,
        ...(this.cookie || this.device ? { cookie: [this.cookie, this.device].filter(Boolean).join('; ') } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(this.bearer ? { authorization: `Bearer ${this.bearer}` } : {}),
        ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const setCookie = response.headers['set-cookie'];
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = c.split(';');
      if (pair?.startsWith('atiende_device=')) this.device = pair;
      if (pair?.startsWith('atiende_session='))
        this.cookie = /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c) || pair === 'atiende_session=' ? '' : pair;
    }
    let parsed: unknown = response.body;
    try {
      parsed = JSON.parse(response.body);
    } catch {
      /* not JSON */
    }
    const reply = { status: response.statusCode, body: parsed as T, headers: response.headers };
    const session = parsed as Partial<SessionInfo> | null;
    if (response.statusCode < 300 && session && typeof session === 'object' && typeof session.csrfToken === 'string')
      this.csrf = session.csrfToken;
    return reply;
  }
  get<T = any>(url: string) {
    return this.request<T>('GET', url);
  }
  post<T = any>(url: string, body?: unknown) {
    return this.request<T>('POST', url, body ?? {});
  }
  patch<T = any>(url: string, body: unknown) {
    return this.request<T>('PATCH', url, body);
  }
  put<T = any>(url: string, body: unknown) {
    return this.request<T>('PUT', url, body);
  }
  delete<T = any>(url: string) {
    return this.request<T>('DELETE', url);
  }
}

let counter = 0;
export const uniqueEmail = (name = 'owner') => `${name}.${Date.now()}.${++counter}@example.com`;

/** Sets the installation up with a workspace and returns its owner, signed in. */
export async function ownerOf(test: TestApp, overrides: Record<string, unknown> = {}): Promise<Client> {
  const client = new Client(test.app);
  const email = uniqueEmail();
  const setup = await client.post('/api/setup', {
    ownerName: 'Ana Owner',
    email,
    password: 'correct horse battery',
    companyName: 'Acme Facturas',
    language: 'en',
    ...overrides,
  });
  if (setup.status === 409) {
    // The installation is set up already: make another workspace directly, as a second tenant.
    const { createWorkspace } = await import('../platform/workspaces/service.js');
    const { hashPassword } = await import('../platform/auth/passwords.js');
    await createWorkspace(test.ctx, {
      companyName: 'Other Co',
      language: 'en',
      timeZone: 'America/Mexico_City',
      owner: { name: 'Otto Other', email, passwordHash: await hashPassword('correct horse battery') },
    });
    const login = await client.post('/api/auth/login', { email, password: 'correct horse battery' });
    if (login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login.body)}`);
  } else if (setup.status !== 201) throw new Error(`setup failed: ${JSON.stringify(setup.body)}`);
  return client;
}

/** Invites someone with the given role into the owner's workspace and returns them signed in. */
export async function memberOf(
  test: TestApp,
  owner: Client,
  role: 'admin' | 'agent' | 'viewer' | 'owner',
  name: string = role,
): Promise<Client> {
  const invitation = await owner.post('/api/invitations', { role });
  if (invitation.status !== 201) throw new Error(`invite failed: ${JSON.stringify(invitation.body)}`);
  const token = String(invitation.body.url).split('/invite/')[1];
  const client = new Client(test.app);
  const accepted = await client.post(`/api/invitations/by-token/${token}/accept`, {
    name: `${name} person`,
    email: uniqueEmail(name),
    password: 'correct horse battery',
  });
  if (accepted.status !== 200) throw new Error(`accept failed: ${JSON.stringify(accepted.body)}`);
  return client;
}

/** A website visitor who filled in the pre-chat form. */
export async function visitorOf(
  test: TestApp,
  owner: Client,
  name = 'Vera Visitor',
  email = uniqueEmail('visitor'),
  options: { verified?: boolean } = {},
) {
  const inboxes = await owner.get('/api/inboxes');
  const inbox = inboxes.body.find((i: { channel: string }) => i.channel === 'webchat') as {
    id: string;
    websiteToken: string;
  };
  const websiteToken = inbox.websiteToken;
  // A signed-in user of the company's site, proved as the site's server would (identity verification).
  const identityHash = options.verified
    ? createHmac('sha256', (await owner.post(`/api/inboxes/${inbox.id}/webchat/identity/rotate`)).body.secret)
        .update(email.toLowerCase())
        .digest('hex')
    : undefined;
  const client = new Client(test.app);
  const visitor = await client.post('/api/widget/v1/visitors', {
    websiteToken,
    name,
    email,
    ...(identityHash ? { identityHash } : {}),
  });
  if (visitor.status !== 201) throw new Error(`visitor failed: ${JSON.stringify(visitor.body)}`);
  const token = visitor.body.visitorToken as string;
  return {
    websiteToken,
    token,
    send: (body: string, clientMessageId?: string) =>
      client.request(
        'POST',
        '/api/widget/v1/messages',
        { body, ...(clientMessageId ? { clientMessageId } : {}) },
        { 'x-visitor-token': token },
      ),
    messages: () => client.request('GET', '/api/widget/v1/messages', undefined, { 'x-visitor-token': token }),
  };
}

// Browser-test harness: the real built server as a child process (what `npm start` runs), a website on another
// origin that carries the widget snippet, and the system Chromium driven by playwright-core.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { postgresUrl, scratchDatabase } from '../apps/server/src/testing/postgres.js';

export { postgresUrl, scratchDatabase };

const root = new URL('..', import.meta.url).pathname;
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const dialects: ('sqlite' | 'postgres')[] =
  process.env.E2E_POSTGRES === '0' ? ['sqlite'] : ['sqlite', 'postgres'];

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningServer {
  url: string;
  /** PostgreSQL: the database it serves (another process may be started on the same one). */
  databaseUrl: string;
  log: string[];
  /** Where the server keeps its SQLite file (data/atiende.sqlite) and other data. */
  dataDir: string;
  /** The server process (benchmarks read its memory). */
  pid: number;
  stop(): Promise<void>;
}

/** `sharing`: start another process on that server's PostgreSQL database (scale-out); it drops nothing when it stops. */
export async function startServer(
  dialect: 'sqlite' | 'postgres' = 'sqlite',
  env: Record<string, string> = {},
  sharing?: RunningServer,
): Promise<RunningServer> {
  if (!existsSync(join(root, 'apps/server/dist/main.js'))) throw new Error('Build first: npm run build');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'atiende-e2e-'));
  let databaseUrl = '';
  let dropDatabase = async () => {};
  if (sharing) databaseUrl = sharing.databaseUrl;
  else if (dialect === 'postgres') {
    const scratch = await scratchDatabase('atiende_e2e');
    databaseUrl = scratch.url;
    dropDatabase = scratch.drop;
  }
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    process.execPath,
    [...(process.env.SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), 'apps/server/dist/main.js', 'start'],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: url,
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log: string[] = [];
  const collect = (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log.join('\n')}`);
    const ok = await fetch(`${url}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`server did not start: ${log.join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    databaseUrl,
    log,
    dataDir,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Somebody's website on another origin, with the widget snippet pasted before </body>. */
export async function startWebsite(snippet: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(
      `<!doctype html><html lang="es"><head><title>Ferretería La Paloma</title><style>* { color: red !important; font-size: 40px !important; }</style></head><body><h1>Ferretería La Paloma</h1><p>Herramientas y materiales.</p>${snippet}</body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // "localhost" here and 127.0.0.1 for the server: two different origins, as in real life.
  return { url: `http://localhost:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newContext(
  browser: Browser,
  options: { phone?: boolean; locale?: string } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: options.locale ?? 'es-MX',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    ...(options.phone ? { isMobile: true, hasTouch: true } : {}),
  });
  context.setDefaultTimeout(15_000);
  return context;
}

export function screenshotDir(): string | undefined {
  return process.env.E2E_SCREENSHOTS;
}

/** Signs in through the login page, in Spanish, lands on today's page and goes on to the inbox. */
export async function signIn(page: Page, serverUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${serverUrl}/login`);
  await page.getByLabel('Correo').fill(email);
  await page.getByLabel('Contraseña').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForURL(/\/today$/);
  await page.goto(`${serverUrl}/inbox`);
}

/** Opens a page from the navigation, unfolding the settings group first when its link is folded away. */
export async function openNav(page: Page, name: string, options: { exact?: boolean } = {}): Promise<void> {
  const link = page.getByRole('link', { name, exact: options.exact ?? false });
  // The menu first (its settings group is always there), so a page still drawing is not taken for a folded group.
  const settings = page.getByTestId('nav-group-settings');
  await settings.waitFor();
  if (!(await link.isVisible())) await settings.click();
  await link.click();
}

export interface Owner {
  ownerName: string;
  email: string;
  password: string;
  companyName: string;
  language?: 'es' | 'en';
}

/** The first visit's setup, done through the API: the workspace and its owner, with the owner's session. */
export async function createWorkspace(
  server: RunningServer,
  owner: Owner,
): Promise<{ cookie: string; csrfToken: string }> {
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ language: 'es', ...owner }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${await setup.text()}`);
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const session = setup.headers.getSetCookie().find((c) => c.startsWith('atiende_session='));
  return { cookie: String(session).split(';')[0]!, csrfToken };
}

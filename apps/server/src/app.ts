// Builds the Fastify application: platform plugins, domain modules, the realtime socket and the built front ends.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { ErrorSchema, operationIdOf, registerContractSchemas, withoutUnusedSchemas } from './platform/openapi.js';
import type { Database } from './db/database.js';
import { analyticsModule } from './modules/analytics/module.js';
import { automationModule } from './modules/automation/module.js';
import { channelsModule } from './modules/channels/module.js';
import { channelsEmailModule } from './modules/channels/email/module.js';
import { channelsPhoneModule } from './modules/channels/phone/module.js';
import { channelsWebchatModule } from './modules/channels/webchat/module.js';
import { channelsWhatsappModule } from './modules/channels/whatsapp/module.js';
import { companiesModule } from './modules/companies/module.js';
import { contactsModule } from './modules/contacts/module.js';
import { conversationsModule } from './modules/conversations/module.js';
import { conversationReaders } from './modules/conversations/index.js';
import { customFieldsModule } from './modules/custom-fields/module.js';
import { dealsModule } from './modules/deals/module.js';
import { openDemoWorkspace } from './modules/demo/index.js';
import { followupsModule } from './modules/followups/module.js';
import { healthModule } from './modules/health/module.js';
import { importsModule } from './modules/imports/module.js';
import { incidentsModule } from './modules/incidents/module.js';
import { knowledgeModule } from './modules/knowledge/module.js';
import { labelsModule } from './modules/labels/module.js';
import { notesModule } from './modules/notes/module.js';
import { personasModule } from './modules/personas/module.js';
import { portalModule } from './modules/portal/module.js';
import { privacyModule } from './modules/privacy/module.js';
import { projectsModule } from './modules/projects/module.js';
import { quickRepliesModule } from './modules/quick-replies/module.js';
import { quotesModule } from './modules/quotes/module.js';
import { segmentsModule } from './modules/segments/module.js';
import { slaModule } from './modules/sla/module.js';
import { subscriptionsModule } from './modules/subscriptions/module.js';
import { surveysModule } from './modules/surveys/module.js';
import { tasksModule } from './modules/tasks/module.js';
import { teamsModule } from './modules/teams/module.js';
import { trainingModule } from './modules/training/module.js';
import { webhooksModule } from './modules/webhooks/module.js';
import { installAuthContext, resolveSession, SESSION_COOKIE } from './platform/auth/context.js';
import { authRoutes } from './platform/auth/routes.js';
import { backupRoutes } from './platform/backup/routes.js';
import type { AppContext } from './platform/context.js';
import { errorBody, installErrorHandling } from './platform/errors.js';
import { EventBus } from './platform/events.js';
import { globalSearchRoutes } from './platform/global-search.js';
import { noticeRoutes } from './platform/notice-routes.js';
import { startHousekeeping } from './platform/housekeeping.js';
import { JobQueue } from './platform/jobs.js';
import { installJsonBodies } from './platform/json-body.js';
import { requestLanguage } from './platform/language.js';
import { Mailer } from './platform/mail.js';
import type { ModuleDescriptor } from './platform/modules.js';
import { RealtimeHub } from './platform/realtime.js';
import { fileRoutes } from './platform/storage/routes.js';
import { gettingStartedRoutes } from './platform/workspaces/getting-started.js';
import { workspaceRoutes } from './platform/workspaces/routes.js';

/**
 * Every domain module, in the order their routes, provisioning and reactions are registered: what a module does is
 * in its descriptor (modules/<name>/module.ts), and this list is the only place that names them.
 */
export const modules: ModuleDescriptor[] = [
  channelsModule,
  conversationsModule,
  contactsModule,
  companiesModule,
  notesModule,
  segmentsModule,
  customFieldsModule,
  personasModule,
  privacyModule,
  importsModule,
  channelsWebchatModule,
  channelsWhatsappModule,
  channelsEmailModule,
  channelsPhoneModule,
  labelsModule,
  quickRepliesModule,
  teamsModule,
  slaModule,
  incidentsModule,
  knowledgeModule,
  trainingModule,
  surveysModule,
  tasksModule,
  dealsModule,
  projectsModule,
  portalModule,
  quotesModule,
  followupsModule,
  webhooksModule,
  subscriptionsModule,
  healthModule,
  automationModule,
  analyticsModule,
];

/** Secrets can travel in URLs (reset and invitation links, the widget socket token): never into the log. */
export function redactUrl(url: string): string {
  return url
    .replace(/([?&](?:token|hub\.verify_token)=)[^&]+/g, '$1[redacted]')
    .replace(/\/(reset|invite|by-token)\/[^/?]+/g, '/$1/[redacted]');
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  hub: RealtimeHub;
}

export async function buildApp(
  config: Config,
  database: Database,
  options: { logger?: boolean; logStream?: NodeJS.WritableStream } = {},
): Promise<BuiltApp> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            redact: [
              'req.headers.authorization',
              'req.headers.cookie',
              'req.headers["x-csrf-token"]',
              'req.headers["x-visitor-token"]',
            ],
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: redactUrl(req.url),
                ip: req.ip,
              }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: process.env.TRUST_PROXY === '1',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const events = new EventBus();
  if (database.dialect === 'postgres' && database.connection)
    await events.relayThrough(database.db, database.connection, app.log);
  const jobs = new JobQueue(database.db, database.dialect, app.log);
  const mailer = new Mailer(config.smtpUrl, config.mailFrom, app.log);
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    snapshot: (work) => database.snapshot(work),
    events,
    jobs,
    mailer,
    log: app.log,
    provisioners: modules.flatMap((m) => (m.provision ? [m.provision] : [])),
    starters: modules.flatMap((m) => (m.starter ? [m.starter] : [])),
    businessEventListeners: modules.flatMap((m) => (m.onBusinessEvent ? [m.onBusinessEvent] : [])),
    conversationReaders: (workspaceId, conversationId, userIds) =>
      conversationReaders(ctx, workspaceId, conversationId, userIds),
  };
  mailer.registerJobs(jobs);
  for (const m of modules) m.jobs?.(ctx);
  for (const m of modules) {
    const react = m.afterCommit;
    if (react) events.subscribe((event) => react(ctx, event));
  }
  const hub = new RealtimeHub(ctx);

  await app.register(cookie);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  registerContractSchemas();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Atiende API',
        version: '0.1.0',
        description:
          'Errors are { error: { code, message, fields? } } with a stable code; the message follows Accept-Language (es, en).',
        license: { name: 'AGPL-3.0-only', identifier: 'AGPL-3.0-only' },
      },
      servers: [{ url: config.publicUrl, description: 'This Atiende server' }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (atk_…) from Settings → API tokens' },
        },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => withoutUnusedSchemas(jsonSchemaTransformObject(document)),
  });
  // Every API route documents the shared error shape.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || !route.schema || route.websocket) return;
    route.schema.response = { ...(route.schema.response as object), '4xx': ErrorSchema, '5xx': ErrorSchema };
    // A generated client names each call after its operation id.
    if (typeof route.method === 'string' && route.method !== 'HEAD')
      route.schema.operationId ??= operationIdOf(route.method, route.url);
  });

  installErrorHandling(app);
  installJsonBodies(app);
  installAuthContext(app, database.db);

  authRoutes(app, ctx, () => openDemoWorkspace(ctx));
  workspaceRoutes(app, ctx);
  for (const m of modules) await m.routes?.(app, ctx, { hub });
  backupRoutes(app, ctx);
  fileRoutes(app, ctx);
  noticeRoutes(app, ctx);
  gettingStartedRoutes(
    app,
    ctx,
    modules.flatMap((m) => m.gettingStarted ?? []),
  );
  globalSearchRoutes(
    app,
    ctx,
    modules.flatMap((m) => m.search ?? []),
  );

  app.get('/api/realtime', { websocket: true, schema: { hide: true } }, async (socket, request) => {
    // Browsers send cookies on cross-site WebSocket handshakes: only our own pages may open this one.
    const origin = request.headers.origin;
    const sameOrigin = !origin || safeHost(origin) === request.headers.host;
    const token = request.cookies[SESSION_COOKIE];
    const auth = sameOrigin && token ? await resolveSession(database.db, token) : null;
    if (!auth?.user) {
      socket.send(JSON.stringify(errorBody(sameOrigin ? 'unauthenticated' : 'forbidden', requestLanguage(request))));
      socket.close(4401, 'unauthenticated');
      return;
    }
    // A member limited to their teams hears only of what they may see, as their teams stand at each event.
    const userId = auth.user.id;
    const canSee = auth.scope
      ? async (id: string) => (await conversationReaders(ctx, auth.workspaceId, id, [userId])).length > 0
      : undefined;
    await hub.addConsole(socket, auth.workspaceId, userId, auth.sessionId!, canSee);
    socket.send(JSON.stringify({ type: 'ready' }));
  });

  app.get('/api/health', { schema: { hide: true } }, async () => {
    await database.db.selectFrom('workspaces').select('id').limit(1).execute();
    return { ok: true, database: database.dialect };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await serveFrontEnds(app, config);

  app.addHook('onClose', async () => {
    hub.close();
    stopHousekeeping();
    await jobs.stop();
    await events.close();
  });
  let stopHousekeeping = () => {};
  if (config.runJobs) {
    jobs.start();
    const periodic = modules
      .flatMap((m) => m.periodic ?? [])
      .map((task) => ({
        name: task.name,
        everyMs: typeof task.everyMs === 'number' ? task.everyMs : task.everyMs(config),
        run: () => task.run(ctx),
      }));
    stopHousekeeping = startHousekeeping(
      database.db,
      database.dialect,
      (err) => app.log.warn({ err }, 'housekeeping failed'),
      periodic,
    );
  }
  return { app, ctx, hub };
}

function safeHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

async function serveFrontEnds(app: FastifyInstance, config: Config): Promise<void> {
  const consoleDir = join(config.staticRoot, 'apps/console/dist');
  const widgetFile = join(config.staticRoot, 'apps/widget/dist/widget.js');
  if (existsSync(widgetFile)) {
    const widget = readFileSync(widgetFile);
    app.get('/widget.js', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=300')
        .header('access-control-allow-origin', '*')
        .send(widget),
    );
  }
  const indexFile = join(consoleDir, 'index.html');
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile) : undefined;
  if (indexHtml) await app.register(fastifyStatic, { root: consoleDir, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // The console is a single-page app: any other page address gets its page.
    if (indexHtml && request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/assets/')) {
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(indexHtml);
    }
    return reply.status(404).send(errorBody('route_not_found', requestLanguage(request)));
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // Public pages (help center, privacy notice) set their own, stricter policy, and may be framed by the company's site.
    if (
      !request.url.startsWith('/api/') &&
      !request.url.startsWith('/widget.js') &&
      !reply.hasHeader('content-security-policy')
    ) {
      reply
        .header('x-content-type-options', 'nosniff')
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'same-origin')
        // The console runs only its own scripts; Mantine needs inline style attributes.
        .header(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        );
    } else if (request.url.startsWith('/api/') && !reply.hasHeader('content-security-policy')) {
      // An API answer is data: never sniffed into something else, never rendered or framed as a page.
      reply
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
    return payload;
  });
}

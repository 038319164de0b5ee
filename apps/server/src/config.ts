// Runtime settings, all from the environment (see docs/configuration.md).
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** Address people use to reach this installation; links in emails and invitations start with it. */
  publicUrl: string;
  databaseUrl?: string;
  dataDir: string;
  sqliteFile: string;
  /** Offer the demo workspace even after a real workspace exists (npm start -- --demo). */
  demoEnabled: boolean;
  cookieSecure: boolean;
  smtpUrl?: string;
  mailFrom: string;
  logLevel: string;
  /** The repository root, where the built console (apps/console/dist) and widget (apps/widget/dist) are. */
  staticRoot: string;
  /** Run the job worker in this process. */
  runJobs: boolean;
  bodyLimitBytes: number;
  /** Website visitors one address may start per hour (the pre-chat form is public). */
  widgetVisitorsPerIpPerHour: number;
  /** Answers one address may give through one survey's public link in an hour. */
  surveyAnswersPerIpPerHour: number;
  /** Lead-form submissions one address may send per form in an hour. */
  leadsPerIpPerHour: number;
  /** Graph API of the WhatsApp Cloud API (a local stand-in in tests). */
  whatsappGraphUrl: string;
  whatsappGraphVersion: string;
  /** How often email inboxes are read over IMAP. */
  emailPollMs: number;
  /** A mail larger than this is not downloaded; the inbox shows that it arrived and where to read it. */
  emailMaxBytes: number;
  /** Let webhooks reach private and loopback addresses (a receiver on the same network); off by default. */
  webhooksAllowPrivate: boolean;
  /** Let mailboxes use IMAP/SMTP servers on this machine or the private network (an on-premises mail server). */
  mailAllowPrivateHosts: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const port = Number(env.PORT ?? 3000);
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${overrides.port ?? port}`).replace(/\/$/, '');
  return {
    // Only this computer by default, as a desktop program would; HOST=0.0.0.0 opens it to the network.
    host: env.HOST ?? '127.0.0.1',
    port,
    publicUrl,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    sqliteFile: resolve(dataDir, 'atiende.sqlite'),
    demoEnabled: env.ATIENDE_DEMO === '1',
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === '1' : publicUrl.startsWith('https://'),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Atiende <no-reply@localhost>',
    logLevel: env.LOG_LEVEL ?? 'info',
    staticRoot: resolve(env.STATIC_ROOT ?? new URL('../../../', import.meta.url).pathname),
    runJobs: env.RUN_JOBS !== '0',
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 256 * 1024),
    widgetVisitorsPerIpPerHour: Number(env.WIDGET_VISITORS_PER_IP ?? 60),
    surveyAnswersPerIpPerHour: Number(env.SURVEY_ANSWERS_PER_IP ?? 20),
    leadsPerIpPerHour: Number(env.LEADS_PER_IP ?? 10),
    whatsappGraphUrl: (env.WHATSAPP_GRAPH_URL ?? 'https://graph.facebook.com').replace(/\/$/, ''),
    whatsappGraphVersion: env.WHATSAPP_GRAPH_VERSION ?? 'v21.0',
    emailPollMs: Math.max(5, Number(env.EMAIL_POLL_SECONDS ?? 60)) * 1000,
    emailMaxBytes: Number(env.EMAIL_MAX_BYTES ?? 40 * 1024 * 1024),
    webhooksAllowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === '1',
    mailAllowPrivateHosts: env.MAIL_ALLOW_PRIVATE_HOSTS === '1',
    ...overrides,
  };
}

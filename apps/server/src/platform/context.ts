// What every service receives: the database, the event bus, the job queue, the mailer and the settings.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database, Dialect } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { Tenant } from '../db/tenant.js';
import type { BusinessEventListener } from './business-events.js';
import type { EventBus } from './events.js';
import type { JobQueue } from './jobs.js';
import type { Mailer } from './mail.js';

export interface AppContext {
  config: Config;
  db: Kysely<DB>;
  dialect: Dialect;
  events: EventBus;
  jobs: JobQueue;
  mailer: Mailer;
  log: FastifyBaseLogger;
  /** Consistent reads that do not block writers (backups). */
  snapshot: Database['snapshot'];
  /** Run inside the transaction that creates a workspace: each module adds what a new workspace starts with. */
  provisioners: ((t: Tenant) => Promise<void>)[];
  /** Example content of each module (ModuleDescriptor.starter), for a workspace that asks for it. */
  starters: ((t: Tenant, language: 'es' | 'en') => Promise<void>)[];
  /** Called inside the transaction of every business event (webhooks, automation). */
  businessEventListeners: BusinessEventListener[];
  /**
   * Of these members, those who may see a conversation (members limited to their teams may not): notices and live
   * frames about a conversation go only to them. Given by the conversations module.
   */
  conversationReaders: (workspaceId: string, conversationId: string, userIds: string[]) => Promise<string[]>;
}

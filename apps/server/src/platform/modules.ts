// What a domain module brings to the application, said in one place: its routes, the jobs it runs, what a new
// workspace starts with, how it reacts to business events and to events after commit, and its periodic work.
// app.ts lists the modules once and wires each of these; nothing is registered anywhere else.
import type { GettingStartedStep, SearchHit, SearchKind } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { Tenant } from '../db/tenant.js';
import type { BusinessEventListener } from './business-events.js';
import type { AuthContext } from './auth/context.js';
import type { AppContext } from './context.js';
import type { DomainEvent } from './events.js';
import type { RealtimeHub } from './realtime.js';

/** What the application hands a module's routes besides the context. */
export interface ModuleRuntime {
  hub: RealtimeHub;
}

export interface PeriodicTask {
  /** Unique across modules: one process at a time runs it (periodic_tasks). */
  name: string;
  everyMs: number | ((config: Config) => number);
  run: (ctx: AppContext) => Promise<unknown>;
}

/** What a module adds to the one search (Ctrl/Cmd+K): its records that match, as the asker may see them. */
export interface Searcher {
  kind: SearchKind;
  find: (ctx: AppContext, auth: AuthContext, q: string, limit: number) => Promise<SearchHit[]>;
}

/** A step of getting started that this module can tell is done from its own data. */
export interface StarterStep {
  key: GettingStartedStep;
  done: (t: Tenant) => Promise<boolean>;
}

export interface ModuleDescriptor {
  /** The module's folder under modules/. */
  name: string;
  routes?: (app: FastifyInstance, ctx: AppContext, runtime: ModuleRuntime) => void | Promise<void>;
  /** Jobs it runs from the queue; every process registers them. */
  jobs?: (ctx: AppContext) => void;
  /** Inside the transaction that creates a workspace: what it starts with. */
  provision?: (t: Tenant) => Promise<void>;
  /** Reactions to business events, inside the transaction that raised them. */
  onBusinessEvent?: BusinessEventListener;
  /** Reactions to what happened, after commit, on every process. */
  afterCommit?: (ctx: AppContext, event: DomainEvent) => void;
  periodic?: PeriodicTask[];
  search?: Searcher[];
  gettingStarted?: StarterStep[];
  /** Example content a new workspace may start with (and add later), in its language; adds only what is missing. */
  starter?: (t: Tenant, language: 'es' | 'en') => Promise<void>;
}

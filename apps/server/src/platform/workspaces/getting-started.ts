// Getting started: the checklist of a new workspace. Each step is read from the data (a module says how, in its
// descriptor; the team and the business hours are the platform's own), so it ticks itself as the work is done and
// unticks if it is undone. Owners and administrators hide it, and add the starter content at any time.
import { GettingStarted, GettingStartedUpdate } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Tenant, tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../auth/context.js';
import { audit } from '../audit.js';
import { defaultBusinessHours } from '../business-hours.js';
import type { AppContext } from '../context.js';
import type { StarterStep } from '../modules.js';

const platformSteps: StarterStep[] = [
  {
    key: 'team',
    done: async (t) =>
      Boolean(
        (await t.selectFrom('invitations').select('id').limit(1).executeTakeFirst()) ??
        (await t.selectFrom('memberships').select('user_id').offset(1).limit(1).executeTakeFirst()),
      ),
  },
  {
    key: 'business_hours',
    done: async (t) => {
      const workspace = await t.db
        .selectFrom('workspaces')
        .select('business_hours')
        .where('id', '=', t.workspaceId)
        .executeTakeFirstOrThrow();
      if (workspace.business_hours !== JSON.stringify(defaultBusinessHours)) return true;
      return Boolean(await t.selectFrom('holidays').select('date').limit(1).executeTakeFirst());
    },
  },
];

async function gettingStarted(t: Tenant, steps: StarterStep[]): Promise<GettingStarted> {
  const order = GettingStarted.shape.steps.element.shape.key.options;
  const all = [...steps, ...platformSteps].sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key));
  const done = await Promise.all(all.map((step) => step.done(t)));
  const workspace = await t.db
    .selectFrom('workspaces')
    .select(['getting_started_hidden_at', 'starter_content_at'])
    .where('id', '=', t.workspaceId)
    .executeTakeFirstOrThrow();
  return {
    steps: all.map((step, i) => ({ key: step.key, done: done[i]! })),
    done: done.filter(Boolean).length,
    dismissed: workspace.getting_started_hidden_at !== null,
    starterContent: workspace.starter_content_at !== null,
  };
}

/** Adds each module's starter content in the workspace's language (only what is missing), inside `t`'s transaction. */
export async function addStarterContent(ctx: AppContext, t: Tenant, language: 'es' | 'en'): Promise<void> {
  for (const starter of ctx.starters) await starter(t, language);
  await t.db
    .updateTable('workspaces')
    .set({ starter_content_at: Date.now() })
    .where('id', '=', t.workspaceId)
    .execute();
}

export function gettingStartedRoutes(app: FastifyInstance, ctx: AppContext, steps: StarterStep[]): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workspace'];
  r.get(
    '/api/getting-started',
    {
      schema: {
        tags,
        summary: 'What a new workspace still has to do: each step and whether its data shows it done',
        response: { 200: GettingStarted },
      },
    },
    async (request) => gettingStarted(tenant(ctx.db, authorize(request).workspaceId), steps),
  );
  r.put(
    '/api/getting-started',
    {
      schema: {
        tags,
        summary: 'Hide the checklist (dismissed: true) or show it again (admin)',
        body: GettingStartedUpdate,
        response: { 200: GettingStarted },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      const t = tenant(ctx.db, auth.workspaceId);
      await t.db
        .updateTable('workspaces')
        .set({ getting_started_hidden_at: request.body.dismissed ? Date.now() : null })
        .where('id', '=', auth.workspaceId)
        .execute();
      return gettingStarted(t, steps);
    },
  );
  r.post(
    '/api/getting-started/starter-content',
    {
      schema: {
        tags,
        summary:
          "Add the starter labels, quick replies and service-technique articles in the workspace's language; only what is missing (admin)",
        response: { 200: GettingStarted },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      const t = tenant(ctx.db, auth.workspaceId);
      await t.transaction(async (trx) => {
        const workspace = await trx.db
          .selectFrom('workspaces')
          .select('language')
          .where('id', '=', auth.workspaceId)
          .executeTakeFirstOrThrow();
        await addStarterContent(ctx, trx, workspace.language === 'en' ? 'en' : 'es');
        await audit(trx, actorOf(auth), 'workspace.starter_content', { type: 'workspace', id: auth.workspaceId }, {});
      });
      return gettingStarted(t, steps);
    },
  );
}

// Routes of follow-up tasks: anyone reads them; agents create, change, complete and delete them.
import { IdParams, Ok, Task, TaskListQuery, TaskUpdate, TaskWrite } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as tasks from './service.js';

export function taskRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['tasks'];
  r.get(
    '/api/tasks',
    {
      schema: {
        tags,
        summary: "Follow-up tasks, open first by due date; assigneeId=me for one's own",
        querystring: TaskListQuery,
        response: { 200: z.array(Task) },
      },
    },
    async (request) => {
      const auth = authorize(request);
      if (request.query.assigneeId === 'me' && !auth.user) throw new AppError('forbidden');
      const assigneeId = request.query.assigneeId === 'me' ? auth.user!.id : request.query.assigneeId;
      return tasks.listTasks(ctx, auth.workspaceId, { ...request.query, assigneeId });
    },
  );
  r.post(
    '/api/tasks',
    { schema: { tags, summary: 'Create a task (agent)', body: TaskWrite, response: { 201: Task } } },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await tasks.addTask(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/tasks/:id',
    { schema: { tags, summary: 'One task', params: IdParams, response: { 200: Task } } },
    async (request) => tasks.getTask(tenant(ctx.db, authorize(request).workspaceId), request.params.id),
  );
  r.patch(
    '/api/tasks/:id',
    {
      schema: {
        tags,
        summary: 'Change a task; status done completes it (agent)',
        params: IdParams,
        body: TaskUpdate,
        response: { 200: Task },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return tasks.updateTask(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/tasks/:id',
    { schema: { tags, summary: 'Delete a task (agent)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      await tasks.deleteTask(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
}

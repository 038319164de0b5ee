// The bell's API: my notices, newest first, and marking them read. Each person reads only their own.
import { NoticeList, NoticeListQuery, NoticeReadBody } from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from './auth/context.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';
import { listNotices, markNoticesRead } from './notices.js';

function personOf(request: Parameters<typeof authorize>[0]) {
  const auth = authorize(request);
  // An API token acting for nobody has no bell.
  if (!auth.user) throw new AppError('forbidden');
  return { workspaceId: auth.workspaceId, userId: auth.user.id };
}

export function noticeRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  r.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: 'My notices (mentions, assignments, missed targets, tasks due, automation), newest first',
        querystring: NoticeListQuery,
        response: { 200: NoticeList },
      },
    },
    async (request) => {
      const me = personOf(request);
      return listNotices(ctx, me.workspaceId, me.userId, request.query);
    },
  );
  r.post(
    '/api/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark some of my notices read (ids), or all of them (all: true)',
        body: NoticeReadBody,
        response: { 200: z.object({ unread: z.number().int() }) },
      },
    },
    async (request) => {
      const me = personOf(request);
      return markNoticesRead(ctx, me.workspaceId, me.userId, request.body);
    },
  );
}

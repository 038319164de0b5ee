// Routes of projects and work orders: anyone reads; agents open projects, change them, schedule tasks, keep files,
// comment and clock time; admins delete projects.
import {
  EstimateReport,
  IdParams,
  Ok,
  ParticipantWrite,
  Project,
  ProjectComment,
  ProjectListQuery,
  ProjectPage,
  ProjectTaskUpdate,
  ProjectTaskWrite,
  ProjectTimelineItem,
  ProjectUpdate,
  ProjectWrite,
  TimeEntry,
  TimeLog,
  Timer,
  TimerPause,
  TimerStart,
  TimerStop,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { tenant } from '../../db/tenant.js';
import { actorOf, authorize, hasRole } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { MAX_FILE_BYTES, readFile } from '../../platform/storage/files.js';
import { acceptRawFiles, sendFile, uploadOf } from '../../platform/storage/routes.js';
import { addDocumentVersion, documentFileId } from './documents.js';
import * as projects from './service.js';
import * as time from './time.js';
import { projectTimeline } from './timeline.js';
import { fileResponse } from '../../platform/openapi.js';

const TaskParams = z.strictObject({ id: z.string().min(1).max(64), taskId: z.string().min(1).max(64) });
const SubParams = z.strictObject({ id: z.string().min(1).max(64), subId: z.string().min(1).max(64) });

export function projectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['projects'];
  r.get(
    '/api/projects',
    {
      schema: {
        tags,
        summary: 'Projects and work orders, most recently changed first (status=active: not yet invoiced or cancelled)',
        querystring: ProjectListQuery,
        response: { 200: ProjectPage },
      },
    },
    async (request) => projects.listProjects(ctx, authorize(request).workspaceId, request.query),
  );
  r.post(
    '/api/projects',
    {
      schema: {
        tags,
        summary:
          'Open a project or work order, from a won deal (its customer, value and the requirements of their profile) or by hand (agent)',
        body: ProjectWrite,
        response: { 201: Project },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply.status(201).send(await projects.createProject(ctx, auth.workspaceId, actorOf(auth), request.body));
    },
  );
  r.get(
    '/api/projects/estimates',
    {
      schema: {
        tags,
        summary: 'Estimate against actual on delivered and invoiced projects',
        response: { 200: EstimateReport },
      },
    },
    async (request) => time.estimateReport(ctx, authorize(request).workspaceId),
  );
  r.get(
    '/api/projects/:id',
    {
      schema: {
        tags,
        summary: 'One project with its tasks, participants, documents and conversations',
        params: IdParams,
        response: { 200: Project },
      },
    },
    async (request) => projects.getProject(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.patch(
    '/api/projects/:id',
    {
      schema: {
        tags,
        summary:
          'Change a project, naming the version it was read at (409 edit_conflict if it changed since); status quoted → in progress → delivered → invoiced (agent)',
        params: IdParams,
        body: ProjectUpdate,
        response: { 200: Project },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.updateProject(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/projects/:id',
    {
      schema: {
        tags,
        summary: 'Delete a project with its tasks, time and files (admin)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await projects.deleteProject(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/projects/:id/timeline',
    {
      schema: {
        tags,
        summary:
          'What happened, newest first: status, tasks, files, time, comments and the messages of linked conversations',
        params: IdParams,
        querystring: z.strictObject({ before: z.iso.datetime().optional() }),
        response: { 200: z.array(ProjectTimelineItem) },
      },
    },
    async (request) => {
      const auth = authorize(request);
      const t = tenant(ctx.db, auth.workspaceId);
      await projects.assertProject(t, request.params.id);
      return projectTimeline(t, request.params.id, {
        publicOnly: false,
        before: request.query.before ? Date.parse(request.query.before) : undefined,
        scope: auth.scope,
      });
    },
  );
  r.post(
    '/api/projects/:id/comments',
    {
      schema: {
        tags,
        summary: 'Comment on the project; a public comment is seen by the customer in the portal (agent)',
        params: IdParams,
        body: ProjectComment,
        response: { 201: Ok },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      await projects.addComment(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
      return reply.status(201).send({ ok: true as const });
    },
  );

  r.post(
    '/api/projects/:id/tasks',
    {
      schema: {
        tags,
        summary: 'Add a task; its end is its start plus its working days on the workspace calendar (agent)',
        params: IdParams,
        body: ProjectTaskWrite,
        response: { 201: Project },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(await projects.addProjectTask(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body));
    },
  );
  r.patch(
    '/api/projects/:id/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Change a task: assignee, schedule, estimate, status (agent)',
        params: TaskParams,
        body: ProjectTaskUpdate,
        response: { 200: Project },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.updateProjectTask(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        request.params.id,
        request.params.taskId,
        request.body,
      );
    },
  );
  r.delete(
    '/api/projects/:id/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Remove a task; the time worked on it stays on the project (agent)',
        params: TaskParams,
        response: { 200: Project },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.deleteProjectTask(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.params.taskId);
    },
  );

  r.post(
    '/api/projects/:id/participants',
    {
      schema: {
        tags,
        summary: 'Add a member or a customer contact as participant or observer (agent)',
        params: IdParams,
        body: ParticipantWrite,
        response: { 200: Project },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.addParticipant(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/projects/:id/participants/:subId',
    { schema: { tags, summary: 'Remove a participant (agent)', params: SubParams, response: { 200: Project } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.removeParticipant(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.params.subId);
    },
  );
  r.post(
    '/api/projects/:id/conversations',
    {
      schema: {
        tags,
        summary: 'Link a conversation: its messages join the project timeline (agent)',
        params: IdParams,
        body: z.strictObject({ conversationId: z.string().min(1).max(64) }),
        response: { 200: Project },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.linkConversation(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        request.params.id,
        request.body.conversationId,
      );
    },
  );
  r.delete(
    '/api/projects/:id/conversations/:subId',
    { schema: { tags, summary: 'Unlink a conversation (agent)', params: SubParams, response: { 200: Project } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      return projects.unlinkConversation(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.params.subId);
    },
  );

  app.register(async (scope) => {
    acceptRawFiles(scope, MAX_FILE_BYTES);
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/projects/:id/files',
      {
        bodyLimit: MAX_FILE_BYTES,
        schema: {
          tags,
          summary:
            'Keep a file (raw body, name in X-File-Name); with ?documentId= it is the next version of that document (agent)',
          params: IdParams,
          querystring: z.strictObject({
            documentId: z.string().max(64).optional(),
            note: z.string().max(500).optional(),
          }),
          response: { 201: Project },
        },
      },
      async (request, reply) => {
        const auth = authorize(request, 'agent');
        const actor = actorOf(auth);
        const project = await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
          await projects.assertProject(t, request.params.id);
          const upload = uploadOf(request);
          const made = await addDocumentVersion(t, request.params.id, {
            ...upload,
            documentId: request.query.documentId,
            note: request.query.note,
            userId: projects.userOf(actor),
          });
          await projects.recordEvent(t, request.params.id, {
            kind: 'file',
            userId: projects.userOf(actor),
            body: upload.name,
            data: made,
            public: true,
          });
          await projects.touchProject(t, request.params.id);
          return projects.getProject(ctx, auth.workspaceId, request.params.id, t);
        });
        return reply.status(201).send(project);
      },
    );
  });
  r.get(
    '/api/projects/:id/files/:subId',
    {
      schema: {
        response: fileResponse('application/octet-stream', 'The document version, with its own type'),
        tags,
        summary: 'Download one version of a project document',
        params: SubParams,
      },
    },
    async (request, reply) => {
      const t = tenant(ctx.db, authorize(request).workspaceId);
      return sendFile(reply, await readFile(t, await documentFileId(t, request.params.id, request.params.subId)));
    },
  );

  r.get(
    '/api/projects/:id/time',
    {
      schema: {
        tags,
        summary: 'The spans of time worked on the project, newest first',
        params: IdParams,
        response: { 200: z.array(TimeEntry) },
      },
    },
    async (request) => time.listTime(ctx, authorize(request).workspaceId, request.params.id),
  );
  r.post(
    '/api/projects/:id/time',
    {
      schema: {
        tags,
        summary: 'Log time worked afterwards (the signed-in member; agent)',
        params: IdParams,
        body: TimeLog,
        response: { 201: TimeEntry },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'agent');
      return reply
        .status(201)
        .send(await time.logTime(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body));
    },
  );
  r.delete(
    '/api/time/:id',
    {
      schema: {
        tags,
        summary: 'Remove a span of time: your own, or anyone’s as an admin (agent)',
        params: IdParams,
        response: { 200: Ok },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      await time.deleteTime(ctx, auth.workspaceId, actorOf(auth), hasRole(auth.role, 'admin'), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/timer',
    { schema: { tags, summary: 'Your timer: running, paused or none', response: { 200: Timer } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      return time.timerOf(ctx, auth.workspaceId, actorOf(auth));
    },
  );
  r.post(
    '/api/timer/start',
    {
      schema: {
        tags,
        summary: 'Start your timer on a project task (a timer running elsewhere stops) (agent)',
        body: TimerStart,
        response: { 200: Timer },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return time.startTimer(ctx, auth.workspaceId, actorOf(auth), request.body);
    },
  );
  r.post(
    '/api/timer/pause',
    {
      schema: {
        tags,
        summary: 'Pause your timer, saying why: a setback, a non-working day, another reason (agent)',
        body: TimerPause,
        response: { 200: Timer },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return time.pauseTimer(ctx, auth.workspaceId, actorOf(auth), request.body);
    },
  );
  r.post(
    '/api/timer/resume',
    { schema: { tags, summary: 'Resume your paused timer on the same task (agent)', response: { 200: Timer } } },
    async (request) => {
      const auth = authorize(request, 'agent');
      return time.resumeTimer(ctx, auth.workspaceId, actorOf(auth));
    },
  );
  r.post(
    '/api/timer/stop',
    {
      schema: {
        tags,
        summary: 'Stop your timer, running or paused (agent)',
        body: TimerStop,
        response: { 200: Timer },
      },
    },
    async (request) => {
      const auth = authorize(request, 'agent');
      return time.stopTimer(ctx, auth.workspaceId, actorOf(auth), request.body);
    },
  );
}

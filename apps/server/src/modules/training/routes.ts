// Routes of training tracks: managers build and assign them (admin); each person follows their own.
import {
  IdParams,
  MyTraining,
  Ok,
  TrainingAnswers,
  TrainingAssign,
  TrainingProgress,
  TrainingRead,
  TrainingResult,
  TrainingTrack,
  TrainingTrackUpdate,
  TrainingTrackWrite,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, authorize } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import * as training from './service.js';

export function trainingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['training'];
  const me = (request: Parameters<typeof authorize>[0]) => {
    const auth = authorize(request);
    if (!auth.user) throw new AppError('forbidden');
    return { auth, userId: auth.user.id };
  };

  r.get(
    '/api/training/tracks',
    {
      schema: {
        tags,
        summary: 'Training tracks, with their articles, questions and right answers (admin)',
        response: { 200: z.array(TrainingTrack) },
      },
    },
    async (request) => training.listTracks(ctx, authorize(request, 'admin').workspaceId),
  );
  r.post(
    '/api/training/tracks',
    {
      schema: {
        tags,
        summary: 'Build a track of articles and quiz questions (admin)',
        body: TrainingTrackWrite,
        response: { 201: TrainingTrack },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await training.saveTrack(ctx, auth.workspaceId, actorOf(auth), null, request.body));
    },
  );
  r.get(
    '/api/training/tracks/:id',
    { schema: { tags, summary: 'One track (admin)', params: IdParams, response: { 200: TrainingTrack } } },
    async (request) => training.getTrack(ctx, authorize(request, 'admin').workspaceId, request.params.id),
  );
  r.patch(
    '/api/training/tracks/:id',
    {
      schema: {
        tags,
        summary: 'Change a track; items, when given, replace the list (admin)',
        params: IdParams,
        body: TrainingTrackUpdate,
        response: { 200: TrainingTrack },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return training.saveTrack(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.delete(
    '/api/training/tracks/:id',
    {
      schema: { tags, summary: 'Delete a track and its assignments (admin)', params: IdParams, response: { 200: Ok } },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      await training.deleteTrack(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.post(
    '/api/training/tracks/:id/assignments',
    {
      schema: {
        tags,
        summary: 'Assign a track to people, with an optional due date (admin)',
        params: IdParams,
        body: TrainingAssign,
        response: { 200: z.array(TrainingProgress) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return training.assignTrack(ctx, auth.workspaceId, actorOf(auth), request.params.id, request.body);
    },
  );
  r.get(
    '/api/training/progress',
    {
      schema: {
        tags,
        summary: "Everyone's progress: articles read, attempts, best score, passed (admin)",
        querystring: z.strictObject({ trackId: z.string().max(64).optional() }),
        response: { 200: z.array(TrainingProgress) },
      },
    },
    async (request) => training.trackProgress(ctx, authorize(request, 'admin').workspaceId, request.query.trackId),
  );
  r.delete(
    '/api/training/assignments/:id',
    { schema: { tags, summary: 'Take an assignment back (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await training.unassign(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/me/training',
    {
      schema: {
        tags,
        summary: 'My training: the tracks assigned to me, what I read and scored (questions without their answers)',
        response: { 200: z.array(MyTraining) },
      },
    },
    async (request) => {
      const { auth, userId } = me(request);
      return training.myTraining(ctx, auth.workspaceId, userId);
    },
  );
  r.post(
    '/api/me/training/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark an article of my track as read',
        params: IdParams,
        body: TrainingRead,
        response: { 200: MyTraining },
      },
    },
    async (request) => {
      const { auth, userId } = me(request);
      return training.markRead(ctx, auth.workspaceId, userId, request.params.id, request.body.articleId);
    },
  );
  r.post(
    '/api/me/training/:id/attempts',
    {
      schema: {
        tags,
        summary: "Answer my track's quiz: the score, whether I passed, and which questions were right",
        params: IdParams,
        body: TrainingAnswers,
        response: { 200: TrainingResult },
      },
    },
    async (request) => {
      const { auth, userId } = me(request);
      return training.submitAttempt(
        ctx,
        auth.workspaceId,
        actorOf(auth),
        userId,
        request.params.id,
        request.body.answers,
      );
    },
  );
}

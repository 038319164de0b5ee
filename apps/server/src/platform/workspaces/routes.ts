// Routes of the workspace: settings, members and roles, invitations, API tokens and the audit log.
import {
  NotificationPreferences,
  Holiday,
  HolidayParams,
  HolidayPreset,
  HolidayWrite,
  ApiToken,
  ApiTokenCreate,
  AuditEntry,
  IdParams,
  Invitation,
  InvitationAccept,
  InvitationCreate,
  InvitationPreview,
  Member,
  MemberUpdate,
  Ok,
  SessionInfo,
  TokenParams,
  WorkspaceSettings,
  WorkspaceUpdate,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiToken, listApiTokens, revokeApiToken } from '../api-tokens/service.js';
import { SESSION_COOKIE, actorOf, authorize } from '../auth/context.js';
import { DEVICE_COOKIE, rememberDevice, trustNewAccountBrowser } from '../auth/guard.js';
import { sessionInfo, startSession } from '../auth/service.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { notificationPreferences, setNotificationPreferences } from '../notifications.js';
import { addHolidays, listHolidays, loadMexicanHolidays, removeHoliday } from './holidays.js';
import * as workspaces from './service.js';

const UserParams = z.strictObject({ userId: z.string().min(1).max(64) });

export function workspaceRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['workspace'];

  r.get(
    '/api/me/notifications',
    {
      schema: {
        tags,
        summary: 'Which notices I also get by email in this workspace',
        response: { 200: NotificationPreferences },
      },
    },
    async (request) => {
      const auth = authorize(request);
      if (!auth.user) throw new AppError('forbidden');
      return notificationPreferences(ctx, auth.workspaceId, auth.user.id);
    },
  );
  r.put(
    '/api/me/notifications',
    {
      schema: {
        tags,
        summary: 'Choose which notices I also get by email in this workspace',
        body: NotificationPreferences,
        response: { 200: NotificationPreferences },
      },
    },
    async (request) => {
      const auth = authorize(request);
      if (!auth.user) throw new AppError('forbidden');
      return setNotificationPreferences(ctx, auth.workspaceId, auth.user.id, request.body);
    },
  );
  r.get(
    '/api/workspace',
    { schema: { tags, summary: 'Workspace settings', response: { 200: WorkspaceSettings } } },
    async (request) => workspaces.loadWorkspaceSettings(ctx, authorize(request).workspaceId),
  );
  r.patch(
    '/api/workspace',
    {
      schema: {
        tags,
        summary: 'Change name, language, time zone or business hours (admin)',
        body: WorkspaceUpdate,
        response: { 200: WorkspaceSettings },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return workspaces.updateWorkspace(ctx, auth, actorOf(auth), request.body);
    },
  );

  r.get(
    '/api/holidays',
    {
      schema: {
        tags,
        summary: 'Days the workspace does not open (SLA clocks and legal deadlines skip them)',
        response: { 200: z.array(Holiday) },
      },
    },
    async (request) => listHolidays(ctx, authorize(request).workspaceId),
  );
  r.post(
    '/api/holidays',
    {
      schema: {
        tags,
        summary: 'Add (or rename) a holiday (admin)',
        body: HolidayWrite,
        response: { 200: z.array(Holiday) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return addHolidays(ctx, auth.workspaceId, actorOf(auth), [request.body]);
    },
  );
  r.post(
    '/api/holidays/mexico',
    {
      schema: {
        tags,
        summary: "Load a year's Mexican federal holidays (LFT art. 74) (admin)",
        body: HolidayPreset,
        response: { 200: z.array(Holiday) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return loadMexicanHolidays(ctx, auth.workspaceId, actorOf(auth), request.body.year);
    },
  );
  r.delete(
    '/api/holidays/:date',
    { schema: { tags, summary: 'Remove a holiday (admin)', params: HolidayParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await removeHoliday(ctx, auth.workspaceId, actorOf(auth), request.params.date);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/members',
    {
      schema: {
        tags,
        summary: 'Team members with role and whether they are online',
        response: { 200: z.array(Member) },
      },
    },
    async (request) => workspaces.listMembers(ctx, authorize(request).workspaceId),
  );
  r.patch(
    '/api/members/:userId',
    {
      schema: {
        tags,
        summary: "Change a member's role or which conversations they see (admin; owners only by an owner)",
        params: UserParams,
        body: MemberUpdate,
        response: { 200: z.array(Member) },
      },
    },
    async (request) => {
      const auth = authorize(request, 'admin');
      return workspaces.updateMember(ctx, auth, actorOf(auth), request.params.userId, request.body);
    },
  );
  r.delete(
    '/api/members/:userId',
    { schema: { tags, summary: 'Remove a member (admin)', params: UserParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await workspaces.removeMember(ctx, auth, actorOf(auth), request.params.userId);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/invitations',
    { schema: { tags, summary: 'Invitations sent (admin)', response: { 200: z.array(Invitation) } } },
    async (request) => workspaces.listInvitations(ctx, authorize(request, 'admin').workspaceId),
  );
  r.post(
    '/api/invitations',
    {
      schema: {
        tags,
        summary: 'Create an invitation link for a role, valid 7 days (admin)',
        body: InvitationCreate,
        response: { 201: Invitation },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await workspaces.createInvitation(ctx, auth, actorOf(auth), request.body));
    },
  );
  r.delete(
    '/api/invitations/:id',
    { schema: { tags, summary: 'Revoke an unused invitation (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await workspaces.revokeInvitation(ctx, auth, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );
  r.get(
    '/api/invitations/by-token/:token',
    {
      schema: {
        tags,
        summary: 'What an invitation link offers (public)',
        params: TokenParams,
        response: { 200: InvitationPreview },
      },
    },
    async (request) => workspaces.previewInvitation(ctx, request.params.token),
  );
  r.post(
    '/api/invitations/by-token/:token/accept',
    {
      schema: {
        tags,
        summary: 'Join the workspace with an invitation link; signs in',
        params: TokenParams,
        body: InvitationAccept,
        response: { 200: SessionInfo },
      },
    },
    async (request, reply) => {
      const { userId, workspaceId, deviceToken } = await workspaces.acceptInvitation(
        ctx,
        request.params.token,
        request.body,
        { ip: request.ip, deviceToken: request.cookies[DEVICE_COOKIE] },
      );
      const token = await startSession(ctx, reply, userId, workspaceId, request.cookies[SESSION_COOKIE]);
      if (deviceToken) rememberDevice(ctx, reply, deviceToken);
      else await trustNewAccountBrowser(ctx, reply, userId);
      return sessionInfo(ctx, token);
    },
  );

  r.get(
    '/api/api-tokens',
    { schema: { tags, summary: 'API tokens of the workspace (admin)', response: { 200: z.array(ApiToken) } } },
    async (request) => listApiTokens(ctx, authorize(request, 'admin').workspaceId),
  );
  r.post(
    '/api/api-tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token; the secret is shown only in this answer (admin)',
        body: ApiTokenCreate,
        response: { 201: ApiToken },
      },
    },
    async (request, reply) => {
      const auth = authorize(request, 'admin');
      return reply.status(201).send(await createApiToken(ctx, auth, actorOf(auth), request.body));
    },
  );
  r.delete(
    '/api/api-tokens/:id',
    { schema: { tags, summary: 'Revoke an API token (admin)', params: IdParams, response: { 200: Ok } } },
    async (request) => {
      const auth = authorize(request, 'admin');
      await revokeApiToken(ctx, auth.workspaceId, actorOf(auth), request.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/audit-log',
    { schema: { tags, summary: 'Who did what, newest first (admin)', response: { 200: z.array(AuditEntry) } } },
    async (request) => workspaces.listAudit(ctx, authorize(request, 'admin').workspaceId),
  );
}

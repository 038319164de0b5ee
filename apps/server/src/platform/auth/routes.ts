// Routes of accounts: first-run setup, demo, sign in and out, password reset and change, profile, workspace switch.
import {
  LoginInput,
  Ok,
  PasswordChange,
  PasswordResetConfirm,
  PasswordResetRequest,
  ProfileUpdate,
  SessionInfo,
  SetupInput,
  SetupStatus,
  SwitchWorkspaceInput,
} from '@atiende/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { needsSetup, setupWorkspace } from '../workspaces/service.js';
import { SESSION_COOKIE, authorize } from './context.js';
import { attemptOf, trustNewAccountBrowser } from './guard.js';
import * as auth from './service.js';

export type OpenDemo = () => Promise<{ userId: string; workspaceId: string }>;

export function authRoutes(app: FastifyInstance, ctx: AppContext, openDemo: OpenDemo): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  const demoAllowed = async () => ctx.config.demoEnabled || (await needsSetup(ctx));

  r.get(
    '/api/setup',
    {
      schema: {
        tags,
        summary: 'Whether this installation still needs its first workspace',
        response: { 200: SetupStatus },
      },
    },
    async () => ({
      needsSetup: await needsSetup(ctx),
      demoAvailable: await demoAllowed(),
    }),
  );

  r.post(
    '/api/setup',
    {
      schema: {
        tags,
        summary: 'Create the first workspace and its owner; signs the owner in',
        body: SetupInput,
        response: { 201: SessionInfo },
      },
    },
    async (request, reply) => {
      const { userId, workspaceId } = await setupWorkspace(ctx, request.body);
      const token = await auth.startSession(ctx, reply, userId, workspaceId, request.cookies[SESSION_COOKIE]);
      await trustNewAccountBrowser(ctx, reply, userId);
      return reply.status(201).send(await auth.sessionInfo(ctx, token));
    },
  );

  r.post(
    '/api/setup/demo',
    {
      schema: {
        tags,
        summary: 'Open the demo workspace (created on first use); signs in as its owner',
        response: { 200: SessionInfo },
      },
    },
    async (request, reply) => {
      if (!(await demoAllowed())) throw new AppError('demo_unavailable');
      const { userId, workspaceId } = await openDemo();
      const token = await auth.startSession(ctx, reply, userId, workspaceId, request.cookies[SESSION_COOKIE]);
      return auth.sessionInfo(ctx, token);
    },
  );

  r.post(
    '/api/auth/login',
    { schema: { tags, summary: 'Sign in with email and password', body: LoginInput, response: { 200: SessionInfo } } },
    async (request, reply) =>
      auth.login(
        ctx,
        reply,
        attemptOf(request, request.body.email, request.body.password),
        request.cookies[SESSION_COOKIE],
      ),
  );

  r.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Sign out: the session is revoked', response: { 200: Ok } } },
    async (request, reply) => {
      await auth.logout(ctx, reply, authorize(request));
      return { ok: true as const };
    },
  );

  r.get(
    '/api/auth/session',
    { schema: { tags, summary: 'The signed-in person, workspace and CSRF token', response: { 200: SessionInfo } } },
    async (request) => auth.describeSession(ctx, authorize(request)),
  );

  r.post(
    '/api/auth/workspace',
    {
      schema: {
        tags,
        summary: 'Switch the session to another workspace of the same person',
        body: SwitchWorkspaceInput,
        response: { 200: SessionInfo },
      },
    },
    async (request) => auth.switchWorkspace(ctx, authorize(request), request.body.workspaceId),
  );

  r.post(
    '/api/auth/password-reset/request',
    {
      schema: {
        tags,
        summary: 'Send a single-use reset link (answers the same whether or not the account exists)',
        body: PasswordResetRequest,
        response: { 200: Ok },
      },
    },
    async (request) => {
      await auth.requestPasswordReset(ctx, request.body.email, request.ip);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Choose a new password with a reset token; ends every session',
        body: PasswordResetConfirm,
        response: { 200: Ok },
      },
    },
    async (request) => {
      await auth.confirmPasswordReset(ctx, request.body.token, request.body.password, request.ip);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/auth/password',
    {
      schema: {
        tags,
        summary: 'Change the password; other sessions end',
        body: PasswordChange,
        response: { 200: SessionInfo },
      },
    },
    async (request, reply) =>
      auth.changePassword(
        ctx,
        reply,
        authorize(request),
        attemptOf(request, '', request.body.currentPassword),
        request.body.newPassword,
      ),
  );

  r.patch(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Update my name or interface language',
        body: ProfileUpdate,
        response: { 200: SessionInfo },
      },
    },
    async (request) => auth.updateProfile(ctx, authorize(request), request.body),
  );
}

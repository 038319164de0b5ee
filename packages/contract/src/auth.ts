import { z } from 'zod';
import { Email, Id, Language, Password, PersonName, Role, TimeZone } from './common.js';
import { BusinessHours } from './workspace.js';

export const SetupStatus = z.object({
  needsSetup: z.boolean().describe('No workspace of its own exists yet: the first visit offers to create one'),
  demoAvailable: z.boolean(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupInput = z.strictObject({
  ownerName: PersonName,
  email: Email,
  password: Password,
  companyName: z.string().trim().min(1).max(120),
  language: Language,
  timeZone: TimeZone.default('America/Mexico_City'),
  starterContent: z
    .boolean()
    .default(false)
    .describe('Start with example labels, quick replies and service-technique articles (removable)'),
});
export type SetupInput = z.infer<typeof SetupInput>;

export const LoginInput = z.strictObject({ email: Email, password: z.string().min(1).max(256) });

export const SessionUser = z.object({ id: Id, name: z.string(), email: z.string(), language: Language });
export const SessionWorkspace = z.object({
  id: Id,
  name: z.string(),
  language: Language,
  timeZone: z.string(),
  role: Role,
  isDemo: z.boolean(),
  businessHours: BusinessHours,
});
export const SessionInfo = z.object({
  user: SessionUser,
  workspace: SessionWorkspace,
  workspaces: z.array(z.object({ id: Id, name: z.string(), role: Role })),
  csrfToken: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SwitchWorkspaceInput = z.strictObject({ workspaceId: Id });

export const PasswordResetRequest = z.strictObject({ email: Email });
export const PasswordResetConfirm = z.strictObject({ token: z.string().min(10).max(200), password: Password });
export const PasswordChange = z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: Password });

export const ProfileUpdate = z.strictObject({ name: PersonName.optional(), language: Language.optional() });

export const InvitationCreate = z.strictObject({
  role: Role,
  email: Email.optional(),
});
export const Invitation = z.object({
  id: Id,
  role: Role,
  email: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Only present right after creation: the link is shown once. */
  url: z.string().optional(),
});
export type Invitation = z.infer<typeof Invitation>;
export const InvitationPreview = z.object({
  workspaceName: z.string(),
  role: Role,
  email: z.string().nullable(),
  existingAccount: z.boolean(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;
export const InvitationAccept = z.strictObject({
  name: PersonName,
  email: Email.optional(),
  /** A new account's password, or an existing account's own (which was also chosen at ten characters or more). */
  password: Password,
  language: Language.optional(),
});

export const ConversationAccess = z
  .enum(['all', 'teams', 'teams_and_customers'])
  .describe(
    "Which conversations an agent or viewer sees: all; only their teams' (and those assigned to them); or also those of the customers they own. Owners and admins always see all",
  );
export type ConversationAccess = z.infer<typeof ConversationAccess>;

export const Member = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  role: Role,
  online: z.boolean(),
  availability: z.enum(['available', 'away']).describe('Away: round robin gives them nothing new'),
  conversationAccess: ConversationAccess,
  joinedAt: z.string(),
});
export type Member = z.infer<typeof Member>;
export const MemberUpdate = z.strictObject({
  role: Role.optional(),
  conversationAccess: ConversationAccess.optional(),
});

export const ApiTokenCreate = z.strictObject({
  name: z.string().trim().min(1).max(80),
  role: Role.exclude(['owner']),
  memberId: Id.optional().describe(
    "Acts within this member's conversation limits (and stops working if they leave the workspace)",
  ),
});
export const ApiToken = z.object({
  id: Id,
  name: z.string(),
  role: Role,
  memberId: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** Only present right after creation: the secret is shown once. */
  token: z.string().optional(),
});
export type ApiToken = z.infer<typeof ApiToken>;

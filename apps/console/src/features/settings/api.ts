// The workspace settings as the console reads and changes them: members and their roles and limits, invitations,
// teams, routing, inboxes, SLA, labels, quick replies, custom fields, holidays, webhooks and API tokens.
import type {
  EmailSkipped,
  ApiToken,
  AuditEntry,
  ConversationAccess,
  CustomField,
  Holiday,
  Inbox,
  Invitation,
  InvitationPreview,
  Label,
  Member,
  NotificationPreferences,
  QuickReply,
  Role,
  RoutingRule,
  SessionInfo,
  SlaPolicy,
  Team,
  Webhook,
  WebhookDelivery,
  WhatsappTemplate,
  WorkspaceSettings,
} from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

/** Everyone in the workspace, with role, presence and which conversations they see. */
export function useMembers() {
  return useQuery({ queryKey: settingsKeys.members, queryFn: () => api<Member[]>('GET', '/api/members') });
}

/** An admin changes a member's role or conversation limit; the list comes back as it now stands. */
export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...change }: { userId: string; role?: Role; conversationAccess?: ConversationAccess }) =>
      api<Member[]>('PATCH', `/api/members/${userId}`, change),
    onSuccess: (list) => client.setQueryData(settingsKeys.members, list),
  });
}

export function useRemoveMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api('DELETE', `/api/members/${userId}`),
    onSuccess: () => client.invalidateQueries({ queryKey: settingsKeys.members }),
  });
}

/** Every request of this feature, named: components call these, never a URL. */
export const settingsApi = {
  acceptInvitation: (token: string, body: unknown) =>
    api<SessionInfo>('POST', `/api/invitations/by-token/${encodeURIComponent(token)}/accept`, body),
  checkEmailInbox: (inboxId: string) =>
    api<{ fetched: number; stored: number; error: string | null }>('POST', `/api/inboxes/${inboxId}/email/check`),
  createApiToken: (body: unknown) => api<ApiToken>('POST', '/api/api-tokens', body),
  createCustomField: (body: unknown) => api<CustomField>('POST', '/api/custom-fields', body),
  createHoliday: (body: unknown) => api('POST', '/api/holidays', body),
  addMexicanHolidays: (body: unknown) => api('POST', '/api/holidays/mexico', body),
  createEmailInbox: (body: unknown) => api<Inbox>('POST', '/api/inboxes/email', body),
  listSkippedEmail: (inboxId: string) => api<EmailSkipped[]>('GET', `/api/inboxes/${inboxId}/email/skipped`),
  createWhatsappTemplate: (inboxId: string, body: unknown) =>
    api<WhatsappTemplate>('POST', `/api/inboxes/${inboxId}/templates`, body),
  createWhatsappInbox: (body: unknown) => api<Inbox>('POST', '/api/inboxes/whatsapp', body),
  createInvitation: (body: unknown) => api<Invitation>('POST', '/api/invitations', body),
  createLabel: (body: unknown) => api('POST', '/api/labels', body),
  createQuickReply: (body: unknown) => api('POST', '/api/quick-replies', body),
  updateQuickReply: (quickReplyId: string, body: unknown) => api('PATCH', `/api/quick-replies/${quickReplyId}`, body),
  uploadQuickReplyAttachment: (quickReplyId: string, body: unknown, raw: Parameters<typeof api>[3]) =>
    api('POST', `/api/quick-replies/${quickReplyId}/attachments`, body, raw),
  createWebhook: (body: unknown) => api<Webhook>('POST', '/api/webhooks', body),
  deleteApiToken: (apiTokenId: string) => api('DELETE', `/api/api-tokens/${apiTokenId}`),
  deleteCustomField: (customFieldId: string) => api('DELETE', `/api/custom-fields/${customFieldId}`),
  deleteHoliday: (holidayId: string) => api('DELETE', `/api/holidays/${holidayId}`),
  deleteInvitation: (invitationId: string) => api('DELETE', `/api/invitations/${invitationId}`),
  deleteLabel: (labelId: string) => api('DELETE', `/api/labels/${labelId}`),
  deleteQuickReply: (quickReplyId: string) => api('DELETE', `/api/quick-replies/${quickReplyId}`),
  deleteQuickReplyAttachment: (quickReplyId: string, attachmentId: string) =>
    api('DELETE', `/api/quick-replies/${quickReplyId}/attachments/${attachmentId}`),
  deleteRoutingRule: (routingRuleId: string) => api('DELETE', `/api/routing-rules/${routingRuleId}`),
  deleteSlaPolicy: (slaPolicyId: string) => api('DELETE', `/api/sla-policies/${slaPolicyId}`),
  deleteTeam: (teamId: string) => api('DELETE', `/api/teams/${teamId}`),
  deleteTemplate: (templateId: string) => api('DELETE', `/api/templates/${templateId}`),
  deleteWebhook: (webhookId: string) => api('DELETE', `/api/webhooks/${webhookId}`),
  getAuditLog: () => api<AuditEntry[]>('GET', '/api/audit-log'),
  getWebchatIdentity: (inboxId: string) =>
    api<{ secret: string | null }>('GET', `/api/inboxes/${inboxId}/webchat/identity`),
  getInvitation: (token: string) =>
    api<InvitationPreview>('GET', `/api/invitations/by-token/${encodeURIComponent(token)}`),
  getWorkspace: () => api<WorkspaceSettings>('GET', '/api/workspace'),
  listApiTokens: () => api<ApiToken[]>('GET', '/api/api-tokens'),
  listCustomFields: () => api<CustomField[]>('GET', '/api/custom-fields'),
  listHolidays: () => api<Holiday[]>('GET', '/api/holidays'),
  listInboxWhatsappTemplates: (inboxId: string) => api<WhatsappTemplate[]>('GET', `/api/inboxes/${inboxId}/templates`),
  listInboxes: () => api<Inbox[]>('GET', '/api/inboxes'),
  listInvitations: () => api<Invitation[]>('GET', '/api/invitations'),
  listLabels: () => api<Label[]>('GET', '/api/labels'),
  getNotificationPreferences: () => api<NotificationPreferences>('GET', '/api/me/notifications'),
  listQuickReplies: () => api<QuickReply[]>('GET', '/api/quick-replies'),
  listRoutingRules: () => api<RoutingRule[]>('GET', '/api/routing-rules'),
  listSlaPolicies: () => api<SlaPolicy[]>('GET', '/api/sla-policies'),
  listTeams: () => api<Team[]>('GET', '/api/teams'),
  listWebhookDeliveries: (webhookId: string) => api<WebhookDelivery[]>('GET', `/api/webhooks/${webhookId}/deliveries`),
  listWebhooks: () => api<Webhook[]>('GET', '/api/webhooks'),
  listWhatsappTemplates: () => api<WhatsappTemplate[]>('GET', '/api/whatsapp-templates'),
  pingWebhook: (webhookId: string) => api('POST', `/api/webhooks/${webhookId}/ping`),
  setAvailability: (body: unknown) => api('PUT', '/api/me/availability', body),
  setNotificationPreferences: (body: unknown) => api<NotificationPreferences>('PUT', '/api/me/notifications', body),
  reorderRoutingRules: (body: unknown) => api('PUT', '/api/routing-rules/order', body),
  reorderSlaPolicies: (body: unknown) => api('PUT', '/api/sla-policies/order', body),
  retryWebhookDelivery: (webhookDeliveryId: string) =>
    api('POST', `/api/webhook-deliveries/${webhookDeliveryId}/retry`),
  rotateWebchatIdentity: (inboxId: string) =>
    api<{ secret: string }>('POST', `/api/inboxes/${inboxId}/webchat/identity/rotate`),
  updateEmailInbox: (inboxId: string, body: unknown) => api<Inbox>('PATCH', `/api/inboxes/${inboxId}/email`, body),
  updateWebchatInbox: (inboxId: string, body: unknown) => api<Inbox>('PATCH', `/api/inboxes/${inboxId}/webchat`, body),
  updateProfile: (body: unknown) => api<SessionInfo>('PATCH', '/api/me', body),
  updateWebhook: (webhookId: string, body: unknown) => api('PATCH', `/api/webhooks/${webhookId}`, body),
  updateWorkspace: (body: unknown) => api<WorkspaceSettings>('PATCH', '/api/workspace', body),
  /** Creates a team, or changes the one named. */
  saveTeam: (teamId: string | null, body: unknown) =>
    teamId ? api('PATCH', `/api/teams/${teamId}`, body) : api('POST', '/api/teams', body),
  saveRoutingRule: (ruleId: string | null, body: unknown) =>
    ruleId ? api('PUT', `/api/routing-rules/${ruleId}`, body) : api('POST', '/api/routing-rules', body),
  saveSlaPolicy: (policyId: string | null, body: unknown) =>
    policyId ? api('PUT', `/api/sla-policies/${policyId}`, body) : api('POST', '/api/sla-policies', body),
};

/** Files the browser downloads itself (links, not requests). */
export const settingsFiles = {
  backup: '/api/workspace/backup',
  openApi: '/api/openapi.json',
  skippedEmail: (inboxId: string, id: string) => `/api/inboxes/${inboxId}/email/skipped/${id}/original`,
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const settingsKeys = {
  /** Live frames (presence) invalidate it too. */
  members: ['members'] as const,
  apiTokens: ['api-tokens'] as const,
  audit: ['audit'] as const,
  customFields: ['custom-fields'] as const,
  holidays: ['holidays'] as const,
  inboxes: ['inboxes'] as const,
  invitations: ['invitations'] as const,
  labels: ['labels'] as const,
  notificationPreferences: ['notification-preferences'] as const,
  quickReplies: ['quick-replies'] as const,
  routingRules: ['routing-rules'] as const,
  slaPolicies: ['sla-policies'] as const,
  teams: ['teams'] as const,
  webhooks: ['webhooks'] as const,
  whatsappTemplates: ['whatsapp-templates'] as const,
  workspace: ['workspace'] as const,
};

export function useApiTokens() {
  return useQuery({ queryKey: settingsKeys.apiTokens, queryFn: () => settingsApi.listApiTokens() });
}

export function useAudit() {
  return useQuery({ queryKey: settingsKeys.audit, queryFn: () => settingsApi.getAuditLog() });
}

export function useCustomFields() {
  return useQuery({ queryKey: settingsKeys.customFields, queryFn: () => settingsApi.listCustomFields() });
}

export function useHolidays() {
  return useQuery({ queryKey: settingsKeys.holidays, queryFn: () => settingsApi.listHolidays() });
}

export function useInboxes() {
  return useQuery({ queryKey: settingsKeys.inboxes, queryFn: () => settingsApi.listInboxes() });
}

export function useInvitations() {
  return useQuery({ queryKey: settingsKeys.invitations, queryFn: () => settingsApi.listInvitations() });
}

export function useLabels() {
  return useQuery({ queryKey: settingsKeys.labels, queryFn: () => settingsApi.listLabels() });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: settingsKeys.notificationPreferences,
    queryFn: () => settingsApi.getNotificationPreferences(),
  });
}

export function useQuickReplies() {
  return useQuery({ queryKey: settingsKeys.quickReplies, queryFn: () => settingsApi.listQuickReplies() });
}

export function useRoutingRules() {
  return useQuery({ queryKey: settingsKeys.routingRules, queryFn: () => settingsApi.listRoutingRules() });
}

export function useSlaPolicies() {
  return useQuery({ queryKey: settingsKeys.slaPolicies, queryFn: () => settingsApi.listSlaPolicies() });
}

export function useTeams() {
  return useQuery({ queryKey: settingsKeys.teams, queryFn: () => settingsApi.listTeams() });
}

export function useWebhooks() {
  return useQuery({ queryKey: settingsKeys.webhooks, queryFn: () => settingsApi.listWebhooks() });
}

export function useWhatsappTemplates() {
  return useQuery({ queryKey: settingsKeys.whatsappTemplates, queryFn: () => settingsApi.listWhatsappTemplates() });
}

export function useWorkspace() {
  return useQuery({ queryKey: settingsKeys.workspace, queryFn: () => settingsApi.getWorkspace() });
}

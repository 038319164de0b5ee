// Automation rules: when a business event happens (a conversation starts, a customer writes, a deal is lost, a
// subscription ends…), if every condition holds, the actions run in order: assign, label, notify, send a message or an
// approved WhatsApp template, create a task, call a webhook. Each run is logged with what every action did.
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';
import { WebhookEvent } from './webhooks.js';

const Text = (max = 200) => z.string().trim().max(max);

export const AutomationEvent = WebhookEvent;
export type AutomationEvent = z.infer<typeof AutomationEvent>;

/** What a condition can look at; which ones an event offers is in automationFields. */
export const AutomationField = z.enum([
  'conversation.channel',
  'conversation.priority',
  'conversation.teamId',
  'conversation.assigneeId',
  'conversation.labels',
  'message.text',
  'contact.status',
  'contact.tags',
  'contact.ownerId',
  'contact.leftReason',
  'time.businessHours',
  'deal.value',
  'deal.pipelineId',
  'deal.lostReason',
  'incident.rootCause',
  'subscription.plan',
  'subscription.price',
  'subscription.reason',
  'project.status',
  'quote.total',
]);
export type AutomationField = z.infer<typeof AutomationField>;

const conversationFields: AutomationField[] = [
  'conversation.channel',
  'conversation.priority',
  'conversation.teamId',
  'conversation.assigneeId',
  'conversation.labels',
  'time.businessHours',
];
const contactFields: AutomationField[] = ['contact.status', 'contact.tags', 'contact.ownerId'];
/** The fields each event's conditions may use. */
export const automationFields: Record<AutomationEvent, AutomationField[]> = {
  'conversation.created': [...conversationFields, 'message.text', ...contactFields],
  'message.received': [...conversationFields, 'message.text', ...contactFields],
  'conversation.resolved': [...conversationFields, ...contactFields],
  'deal.won': ['deal.value', 'deal.pipelineId', ...contactFields],
  'deal.lost': ['deal.value', 'deal.pipelineId', 'deal.lostReason', ...contactFields],
  'quote.accepted': ['quote.total', ...contactFields],
  'quote.declined': ['quote.total', ...contactFields],
  'project.status_changed': ['project.status', ...contactFields],
  'incident.resolved': ['incident.rootCause', ...contactFields],
  'contact.lost': ['contact.leftReason', ...contactFields],
  'contact.merged': contactFields,
  'subscription.renewed': ['subscription.plan', 'subscription.price', ...contactFields],
  'subscription.ended': ['subscription.plan', 'subscription.price', 'subscription.reason', ...contactFields],
};
/** Events about a conversation: only they can assign, label or send a message in it. */
export const conversationEvents: AutomationEvent[] = [
  'conversation.created',
  'message.received',
  'conversation.resolved',
];

export const AutomationOperator = z.enum([
  'is',
  'is_not',
  'contains',
  'not_contains',
  'gte',
  'lte',
  'is_empty',
  'is_not_empty',
]);
export type AutomationOperator = z.infer<typeof AutomationOperator>;

export const AutomationCondition = z.strictObject({
  field: AutomationField,
  operator: AutomationOperator,
  value: z
    .union([z.string().trim().max(500), z.number(), z.boolean()])
    .nullable()
    .default(null),
});
export type AutomationCondition = z.infer<typeof AutomationCondition>;

export const AutomationAction = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign_agent'), userId: Id }),
  z.strictObject({ type: z.literal('assign_team'), teamId: Id }),
  z.strictObject({ type: z.literal('add_label'), labelId: Id }),
  z.strictObject({ type: z.literal('set_priority'), priority: z.enum(['low', 'normal', 'high', 'urgent']) }),
  /** To the people named and/or the contact's owner and the conversation's assignee. */
  z.strictObject({
    type: z.literal('notify'),
    userIds: z.array(Id).max(20).default([]),
    owner: z.boolean().default(false),
    assignee: z.boolean().default(false),
    text: Text(500).min(1),
  }),
  /** In the conversation, on its channel; outside WhatsApp's 24-hour window, the approved template (its one parameter: the contact's first name). */
  z.strictObject({
    type: z.literal('send_message'),
    body: Text(4_000).min(1),
    whatsappTemplateId: Id.nullable().default(null),
  }),
  z.strictObject({
    type: z.literal('create_task'),
    title: Text(200).min(1),
    body: Text(4_000).default(''),
    taskKind: z.enum(['task', 'call', 'meeting', 'email']).default('task'),
    dueInDays: z.number().int().min(0).max(365).default(0),
    assignTo: z.union([z.enum(['owner', 'assignee']), Id]).default('owner'),
  }),
  z.strictObject({ type: z.literal('call_webhook'), webhookId: Id }),
]);
export type AutomationAction = z.infer<typeof AutomationAction>;

export const AutomationRuleWrite = z.strictObject({
  name: Text(120).min(1),
  event: AutomationEvent,
  enabled: z.boolean().default(true),
  conditions: z.array(AutomationCondition).max(20).default([]),
  actions: z.array(AutomationAction).min(1).max(10),
});
export const AutomationRuleUpdate = AutomationRuleWrite.partial().strict();

export const AutomationRule = z.object({
  id: Id,
  name: z.string(),
  event: AutomationEvent,
  enabled: z.boolean(),
  conditions: z.array(AutomationCondition),
  actions: z.array(AutomationAction),
  position: z.number().int(),
  runs: z.number().int(),
  lastRunAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type AutomationRule = z.infer<typeof AutomationRule>;

export const AutomationRun = z.object({
  id: Id,
  ruleId: Id,
  event: AutomationEvent,
  subject: z.object({ type: z.string(), id: z.string() }),
  status: z.enum(['done', 'partial', 'failed']),
  /** One line per action: done, skipped (why) or failed (why). */
  actions: z.array(
    z.object({ type: z.string(), status: z.enum(['done', 'skipped', 'failed']), detail: z.string().nullable() }),
  ),
  createdAt: IsoDateTime,
});
export type AutomationRun = z.infer<typeof AutomationRun>;

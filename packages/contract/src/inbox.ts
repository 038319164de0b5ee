// Working the inbox: labels, quick replies, teams, routing rules, availability.
import { z } from 'zod';
import { BusinessHours } from './workspace.js';
import { Id } from './common.js';
import { Channel, Priority } from './conversations.js';

export const LabelWrite = z.strictObject({
  name: z.string().trim().min(1).max(40),
  color: z
    .enum(['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'grape', 'pink'])
    .default('blue'),
});
export const Label = z.object({
  id: Id,
  name: z.string(),
  color: z.string(),
  conversations: z.number().describe('Open conversations with it'),
});
export type Label = z.infer<typeof Label>;
export const ConversationLabels = z.strictObject({ labelIds: z.array(Id).max(20) });

export const QuickReplyWrite = z.strictObject({
  shortcut: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'field.shortcut')
    .describe('Typed after "/" in the reply box'),
  title: z.string().trim().min(1).max(120),
  body: z
    .string()
    .trim()
    .min(1)
    .max(4_000)
    .describe(
      'Variables: {{contact.name}}, {{contact.first_name}}, {{agent.name}}, {{agent.first_name}}, {{workspace.name}}',
    ),
  language: z.enum(['es', 'en']).nullable().default(null).describe('null: any language'),
  channels: z.array(Channel).max(5).default([]).describe('Empty: every channel'),
});
export const QuickReplyUpdate = QuickReplyWrite.partial();
export const QuickReply = z.object({
  id: Id,
  shortcut: z.string(),
  title: z.string(),
  body: z.string(),
  language: z.enum(['es', 'en']).nullable(),
  channels: z.array(Channel),
  attachments: z
    .array(z.object({ id: Id, name: z.string(), contentType: z.string(), size: z.number() }))
    .describe('Files sent along when the quick reply is used (website chat and email carry them)'),
  updatedAt: z.string(),
});
export type QuickReply = z.infer<typeof QuickReply>;
export const RenderedQuickReply = QuickReply.extend({
  text: z.string().describe("The body with this conversation's variables filled in"),
});
export type RenderedQuickReply = z.infer<typeof RenderedQuickReply>;

export const TeamWrite = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(500).nullable().optional(),
  leadId: Id.nullable().optional(),
  autoAssign: z.boolean().default(true).describe('Round robin among available members with room'),
  members: z
    .array(z.strictObject({ userId: Id, capacity: z.number().int().min(1).max(500).default(10) }))
    .max(200)
    .default([]),
  businessHours: BusinessHours.nullable()
    .optional()
    .describe("The team's own opening hours (its SLA clocks count in them); null: the workspace's"),
});
export const TeamUpdate = TeamWrite.partial();
export const Team = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  leadId: Id.nullable(),
  autoAssign: z.boolean(),
  businessHours: BusinessHours.nullable(),
  members: z.array(
    z.object({
      userId: Id,
      name: z.string(),
      capacity: z.number(),
      open: z.number().describe('Open conversations assigned now'),
      availability: z.enum(['available', 'away']),
    }),
  ),
});
export type Team = z.infer<typeof Team>;

export const RoutingConditions = z.strictObject({
  channels: z.array(Channel).max(5).default([]),
  keywords: z
    .array(z.string().trim().min(1).max(60))
    .max(30)
    .default([])
    .describe('Any of these words in the first message (accents and case ignored)'),
  segmentId: Id.nullable().default(null),
  during: z.enum(['any', 'open', 'closed']).default('any').describe('Inside or outside business hours'),
});
export const RoutingRuleWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  conditions: RoutingConditions,
  teamId: Id,
  priority: Priority.nullable().default(null),
  enabled: z.boolean().default(true),
});
export const RoutingRule = z.object({
  id: Id,
  position: z.number(),
  name: z.string(),
  conditions: RoutingConditions,
  teamId: Id,
  priority: Priority.nullable(),
  enabled: z.boolean(),
});
export type RoutingRule = z.infer<typeof RoutingRule>;
export const RoutingOrder = z.strictObject({ ids: z.array(Id).max(200) });

export const Availability = z.strictObject({ availability: z.enum(['available', 'away']) });

// Service level agreements: targets for first response, next response and resolution, per kind of conversation.
import { z } from 'zod';
import { Id } from './common.js';
import { Channel, Priority } from './conversations.js';

const Minutes = z
  .number()
  .int()
  .min(0)
  .max(60 * 24 * 60)
  .nullable();
export const SlaConditions = z.strictObject({
  channels: z.array(Channel).max(5).default([]),
  priorities: z.array(Priority).max(4).default([]),
  teamIds: z.array(Id).max(50).default([]),
  segmentId: Id.nullable().default(null),
});
export const SlaPolicyWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  conditions: SlaConditions,
  firstResponseMinutes: Minutes.describe('null: no target'),
  nextResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
  businessHours: z
    .boolean()
    .default(true)
    .describe('true: the clock runs only in business hours; false: calendar time'),
  enabled: z.boolean().default(true),
});
export const SlaPolicy = z.object({
  id: Id,
  position: z.number(),
  name: z.string(),
  conditions: SlaConditions,
  firstResponseMinutes: z.number().nullable(),
  nextResponseMinutes: z.number().nullable(),
  resolutionMinutes: z.number().nullable(),
  businessHours: z.boolean(),
  enabled: z.boolean(),
});
export type SlaPolicy = z.infer<typeof SlaPolicy>;
export const SlaOrder = z.strictObject({ ids: z.array(Id).max(100) });

// What a person of the team is told about, live in the console and, as they choose, by email.
import { z } from 'zod';

export const NotificationKind = z.enum(['mention', 'assigned', 'sla_breached', 'task_due', 'automation']);
export type NotificationKind = z.infer<typeof NotificationKind>;
export const NotificationPreferences = z.strictObject({
  email: z
    .array(NotificationKind)
    .max(5)
    .describe(
      'Kinds of notice also sent by email: mention (an internal note names me), assigned (a conversation becomes mine), sla_breached (one of mine missed a target), task_due (a follow-up or deal activity of mine is due), automation (an automation rule tells me)',
    ),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

// A message the business starts on WhatsApp (a survey invitation, a follow-up): which inbox carries it, and what the
// rules allow — a text inside the 24-hour window since the customer last wrote, an approved template outside it.
import { WHATSAPP_WINDOW_MS } from '@atiende/contract';
import type { Tenant } from '../../../db/tenant.js';

export type WhatsappPlan =
  { inboxId: string; message: Record<string, unknown> } | { refused: 'no_inbox' | 'outside_window' };

/**
 * The inbox of the contact's latest WhatsApp conversation (or `inboxId`, or the workspace's first WhatsApp inbox),
 * and the message: `text` inside the window, else the template `templateId` with `templateParameter` as its one
 * body parameter; refused when there is no inbox, or no template outside the window.
 */
export async function planWhatsappMessage(
  t: Tenant,
  input: {
    contactId: string;
    inboxId?: string | null;
    text: string;
    templateId: string | null;
    templateParameter: string;
  },
): Promise<WhatsappPlan> {
  const latest = await t
    .selectFrom('conversations')
    .select(['inbox_id', 'last_incoming_at'])
    .where('contact_id', '=', input.contactId)
    .where('channel', '=', 'whatsapp')
    .orderBy('last_incoming_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const inboxId =
    input.inboxId ??
    latest?.inbox_id ??
    (
      await t
        .selectFrom('inboxes')
        .select('id')
        .where('channel', '=', 'whatsapp')
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst()
    )?.id;
  if (!inboxId) return { refused: 'no_inbox' };
  const insideWindow = latest?.last_incoming_at != null && Date.now() - latest.last_incoming_at < WHATSAPP_WINDOW_MS;
  if (insideWindow) return { inboxId, message: { type: 'text', text: { preview_url: true, body: input.text } } };
  const template = input.templateId
    ? await t
        .selectFrom('whatsapp_templates')
        .select(['name', 'language'])
        .where('id', '=', input.templateId)
        .executeTakeFirst()
    : undefined;
  if (!template) return { refused: 'outside_window' };
  return {
    inboxId,
    message: {
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.language },
        components: [{ type: 'body', parameters: [{ type: 'text', text: input.templateParameter }] }],
      },
    },
  };
}

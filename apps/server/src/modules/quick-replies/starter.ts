// A few quick replies to start with (greeting, away, thanks), for a workspace that asks for examples; editable.
import type { Tenant } from '../../db/tenant.js';
import { newId } from '../../platform/ids.js';

const STARTER: Record<'es' | 'en', { shortcut: string; title: string; body: string }[]> = {
  es: [
    {
      shortcut: 'saludo',
      title: 'Saludo',
      body: '¡Hola, {{contact.first_name}}! Gracias por escribir a {{workspace.name}}. Soy {{agent.first_name}}, ¿en qué te puedo ayudar?',
    },
    {
      shortcut: 'seguimiento',
      title: 'Lo reviso y te aviso',
      body: 'Gracias por la información, {{contact.first_name}}. Lo estoy revisando y te escribo en cuanto tenga la respuesta.',
    },
    {
      shortcut: 'gracias',
      title: 'Despedida',
      body: 'Gracias por tu preferencia, {{contact.first_name}}. Si necesitas algo más, aquí estamos.',
    },
  ],
  en: [
    {
      shortcut: 'hello',
      title: 'Greeting',
      body: 'Hi {{contact.first_name}}! Thanks for writing to {{workspace.name}}. I am {{agent.first_name}}, how can I help?',
    },
    {
      shortcut: 'followup',
      title: 'Checking and getting back',
      body: 'Thanks for the details, {{contact.first_name}}. I am looking into it and will write back as soon as I have the answer.',
    },
    {
      shortcut: 'thanks',
      title: 'Goodbye',
      body: 'Thank you for choosing us, {{contact.first_name}}. If you need anything else, we are here.',
    },
  ],
};

export async function starterQuickReplies(t: Tenant, language: 'es' | 'en'): Promise<void> {
  const taken = new Set((await t.selectFrom('quick_replies').select('shortcut').execute()).map((q) => q.shortcut));
  const now = Date.now();
  const missing = STARTER[language].filter((q) => !taken.has(q.shortcut));
  if (missing.length)
    await t
      .insertInto(
        'quick_replies',
        missing.map((q) => ({
          id: newId(),
          ...q,
          language: null,
          channels: '[]',
          created_by: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
}

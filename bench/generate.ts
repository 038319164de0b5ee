// Data generator: a workspace with N companies and M contacts (names, emails, phones, tags, companies, statuses,
// spend), plus one contact with a long history. Deterministic for a given seed.
import { tenant } from '../apps/server/src/db/tenant.js';
import { bulkInsertContacts } from '../apps/server/src/modules/contacts/bulk.js';
import { normalizePhone } from '../apps/server/src/modules/contacts/phones.js';
import { fold } from '../apps/server/src/platform/search.js';
import { businesses, firstNames, lastNames, plans, sources, extraTags } from '../apps/server/src/modules/demo/data.js';
import type { AppContext } from '../apps/server/src/platform/context.js';
import { newId } from '../apps/server/src/platform/ids.js';

import { seededRandom as seeded } from '../apps/server/src/modules/demo/random.js';

export { seeded };

const slug = (s: string) => fold(s).replace(/[^a-z0-9]+/g, '');

export async function generateCustomers(
  ctx: AppContext,
  workspaceId: string,
  options: { contacts: number; companies: number; historyItems: number; seed?: number },
) {
  const rand = seeded(options.seed ?? 7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const now = Date.now();
  const t0 = tenant(ctx.db, workspaceId);
  const companies: { id: string; name: string }[] = [];
  await t0.transaction(async (t) => {
    const rows = [];
    for (let i = 0; i < options.companies; i++) {
      const name = `${pick(businesses)} ${i}`;
      const id = newId();
      companies.push({ id, name });
      rows.push({
        id,
        name,
        legal_name: null,
        tax_id: null,
        email: null,
        phone: null,
        website: null,
        industry: null,
        employees: Math.floor(rand() * 200),
        status: rand() < 0.8 ? 'active' : 'former',
        status_changed_at: now,
        left_at: null,
        left_reason: null,
        owner_id: null,
        source: pick(sources),
        address: '{}',
        profile: '{}',
        search_text: slug(name),
        created_at: now,
        updated_at: now,
      });
    }
    for (let i = 0; i < rows.length; i += 200) await t.insertInto('companies', rows.slice(i, i + 200)).execute();
  });
  const BATCH = 5_000;
  for (let start = 0; start < options.contacts; start += BATCH) {
    await t0.transaction(async (t) => {
      const batch = [];
      for (let i = start; i < Math.min(options.contacts, start + BATCH); i++) {
        const first = pick(firstNames);
        const last = `${pick(lastNames)} ${pick(lastNames)}`;
        const company = pick(companies);
        const phone = normalizePhone(`55${String(10_000_000 + Math.floor(rand() * 89_999_999))}`, 'MX');
        const roll = rand();
        batch.push({
          name: `${first} ${last}`,
          emails: [`${slug(first)}.${slug(last)}${i}@${slug(company.name).slice(0, 16)}.mx`],
          phones: phone ? [phone] : [],
          status: roll < 0.7 ? 'active' : roll < 0.9 ? 'prospect' : 'former',
          source: pick(sources),
          tags: rand() < 0.5 ? [pick(plans)] : [pick(plans), pick(extraTags)],
          companyIds: [{ ...company, role: null }],
          profile: { transactional: { totalSpent: Math.floor(rand() * 100_000) } },
          createdAt: now - Math.floor(rand() * 700) * 86_400_000,
        });
      }
      await bulkInsertContacts(t, batch);
    });
  }
  // One long-standing customer with a long history: conversations and messages.
  const inbox = await t0.selectFrom('inboxes').select('id').where('channel', '=', 'webchat').executeTakeFirstOrThrow();
  const [historyContact] = await t0.transaction((t) =>
    bulkInsertContacts(t, [
      { name: 'Cliente Histórico', emails: ['historico@example.mx'], phones: [], status: 'active' },
    ]),
  );
  await t0.transaction(async (t) => {
    const perConversation = 10;
    for (let c = 0; c < options.historyItems / perConversation; c++) {
      const conversationId = newId();
      const at = now - (options.historyItems - c * perConversation) * 3_600_000;
      await t
        .insertInto('conversations', {
          id: conversationId,
          inbox_id: inbox.id,
          contact_id: historyContact!,
          channel: 'whatsapp',
          visitor_id: null,
          status: 'resolved',
          assignee_id: null,
          last_message_at: at + perConversation * 60_000,
          last_message_preview: 'Gracias',
          waiting_since: null,
          first_response_at: at + 60_000,
          resolved_at: at + perConversation * 60_000,
          created_at: at,
          updated_at: at,
        })
        .execute();
      const messages = Array.from({ length: perConversation - 1 }, (_, m) => ({
        id: newId(),
        conversation_id: conversationId,
        inbox_id: inbox.id,
        direction: m % 2 ? 'outgoing' : 'incoming',
        sender_type: m % 2 ? 'agent' : 'contact',
        sender_id: null,
        sender_name: m % 2 ? 'Agente' : 'Cliente',
        body: `Mensaje ${c}-${m} sobre la factura`,
        is_private: 0,
        source_id: null,
        created_at: at + m * 60_000,
      }));
      await t.insertInto('messages', messages).execute();
    }
  });
  return { historyContact: historyContact!, companies };
}

// The demo workspace: generated once, deterministically, in one transaction; opening it signs in as its owner.
import { tenant } from '../../db/tenant.js';
import { hashPassword } from '../../platform/auth/passwords.js';
import { defaultBusinessHours } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { newId, randomToken } from '../../platform/ids.js';
import { PersonaCriteria } from '@atiende/contract';
import { createWorkspace } from '../../platform/workspaces/service.js';
import { createCustomField } from '../custom-fields/index.js';
import { createPersona } from '../personas/index.js';
import { createSegment } from '../segments/index.js';
import { insertCompany } from '../companies/index.js';
import { insertContact } from '../contacts/index.js';
import { normalizePhone } from '../contacts/index.js';
import { fold } from '../../platform/search.js';
import { seededRandom } from './random.js';
import { seedKnowledge } from './knowledge.js';
import { seedSurveys } from './surveys.js';
import { seedDeals } from './deals.js';
import { seedProjects } from './projects.js';
import { seedQuotes } from './quotes.js';
import { seedAfterSales } from './after-sales.js';
import {
  agentNotes,
  businesses,
  companyName,
  demoPassword,
  extraTags,
  firstNames,
  industries,
  lastNames,
  leftReasons,
  plans,
  roles,
  sources,
  team,
  topics,
  traits,
} from './data.js';

const DAY = 86_400_000;
const MONTERREY_OFFSET = -6 * 3_600_000;
const CUSTOMERS = 200;
const CONVERSATIONS = 420;
const slug = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '');

let opening: Promise<{ userId: string; workspaceId: string }> | undefined;

export function openDemoWorkspace(ctx: AppContext): Promise<{ userId: string; workspaceId: string }> {
  opening ??= findOrCreateDemo(ctx).finally(() => {
    opening = undefined;
  });
  return opening;
}

async function findOrCreateDemo(ctx: AppContext) {
  const owner = team[0];
  const existing = await ctx.db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .select(['users.id as userId', 'workspaces.id as workspaceId'])
    .where('users.email', '=', owner.email)
    .where('workspaces.is_demo', '=', 1)
    .executeTakeFirst();
  if (existing) return existing;
  return createDemoWorkspace(ctx);
}

export async function createDemoWorkspace(ctx: AppContext, now = Date.now()) {
  const passwordHash = await hashPassword(demoPassword);
  const owner = team[0];
  const { workspaceId, userId } = await createWorkspace(ctx, {
    companyName,
    language: 'es',
    timeZone: 'America/Monterrey',
    isDemo: true,
    businessHours: { ...defaultBusinessHours, sat: [{ open: '10:00', close: '14:00' }] },
    owner: { name: owner.name, email: owner.email, passwordHash },
  });
  const rand = seededRandom(20_261_124);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

  const agentIds = await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const agentIds = [userId];
    for (const member of team.slice(1)) {
      const id = newId();
      await t.db
        .insertInto('users')
        .values({
          id,
          email: member.email,
          name: member.name,
          password_hash: passwordHash,
          language: 'es',
          created_at: now - 120 * DAY,
          updated_at: now - 120 * DAY,
        })
        .execute();
      await t.insertInto('memberships', { user_id: id, role: member.role, created_at: now - 120 * DAY }).execute();
      agentIds.push(id);
    }

    const inboxes: Record<string, string> = {};
    const existingWebchat = await t
      .selectFrom('inboxes')
      .select('id')
      .where('channel', '=', 'webchat')
      .executeTakeFirstOrThrow();
    inboxes.webchat = existingWebchat.id;
    // The demo's number and mailbox look connected but reach nothing: answers there show as not delivered.
    const unconnected = { host: '', port: 993, secure: true, user: '', password: '' };
    const demoSettings = {
      whatsapp: {
        phoneNumberId: '100000000000001',
        businessAccountId: null,
        displayPhoneNumber: '+52 81 5555 0100',
        accessToken: '',
        appSecret: randomToken(),
        verifyToken: randomToken().slice(0, 32),
      },
      email: {
        address: 'soporte@facturanorte.demo',
        displayName: 'Soporte Factura Norte',
        mailbox: 'INBOX',
        imap: unconnected,
        smtp: { ...unconnected, port: 465 },
        threadSecret: randomToken(),
      },
      phone: {},
    };
    for (const [channel, name] of [
      ['whatsapp', 'WhatsApp +52 81 5555 0100'],
      ['email', 'soporte@facturanorte.demo'],
      ['phone', 'Teléfono y visitas'],
    ] as const) {
      const id = newId();
      inboxes[channel] = id;
      await t
        .insertInto('inboxes', {
          id,
          channel,
          name,
          website_token: null,
          settings: JSON.stringify(demoSettings[channel]),
          external_id:
            channel === 'email'
              ? demoSettings.email.address
              : channel === 'whatsapp'
                ? demoSettings.whatsapp.phoneNumberId
                : null,
          created_at: now - 120 * DAY,
        })
        .execute();
      if (channel === 'email')
        await t
          .insertInto('email_mailboxes', {
            inbox_id: id,
            uid_validity: null,
            last_uid: 0,
            last_checked_at: null,
            last_error: null,
          })
          .execute();
    }

    // Companies first, then their people, each through the contacts service so identities, tags and search are real.
    const companyIds: { id: string; name: string }[] = [];
    for (const business of businesses) {
      const band = rand();
      const id = await insertCompany(t, {
        name: business,
        industry: pick(industries),
        employees:
          band < 0.6
            ? 1 + Math.floor(rand() * 9)
            : band < 0.9
              ? 11 + Math.floor(rand() * 39)
              : 51 + Math.floor(rand() * 100),
        status: rand() < 0.85 ? 'active' : 'former',
        website: `https://${slug(business).slice(0, 18)}.demo`,
        tags: [pick(plans)],
        source: pick(sources),
        profile: {
          business: {
            whatTheyDo: `${business}: ${pick(industries).toLowerCase()} en el área metropolitana de Monterrey.`,
          },
        },
      });
      companyIds.push({ id, name: business });
    }
    const contacts: { id: string; name: string }[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const first = pick(firstNames);
      const last = `${pick(lastNames)} ${pick(lastNames)}`;
      const name = `${first} ${last}`;
      const company = pick(companyIds);
      const roll = rand();
      const status = roll < 0.75 ? 'active' : roll < 0.88 ? 'prospect' : 'former';
      const phone = normalizePhone(`81${String(10_000_000 + Math.floor(rand() * 89_999_999))}`, 'MX');
      const id = await insertContact(
        t,
        {
          name,
          emails: [
            { value: `${slug(first)}.${slug(last.split(' ')[0]!)}${i}@${slug(company.name).slice(0, 18)}.demo` },
          ],
          phones: phone ? [{ value: phone, label: 'móvil' }] : [],
          status,
          leftReason: status === 'former' ? pick(leftReasons) : null,
          source: pick(sources),
          tags: rand() < 0.5 ? [pick(plans)] : [pick(plans), pick(extraTags)],
          companies: [{ companyId: company.id, role: pick(roles) }],
          profile: {
            psychographics: { traits: [pick(traits), pick(traits)].filter((x, k, a) => a.indexOf(x) === k) },
            preferences: {
              channels: rand() < 0.6 ? ['whatsapp', 'phone'] : ['email', 'whatsapp'],
              contactHours: rand() < 0.5 ? 'Mañanas, de 9 a 13 h' : 'Cualquier hora hábil',
            },
            requirements: rand() < 0.3 ? { checklist: ['working_hours_only', 'invoice_required'] } : {},
          },
        },
        { now: now - Math.floor((90 + rand() * 600) * DAY) },
      );
      contacts.push({ id, name });
    }

    const conversations = [];
    const messages = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const r = rand();
      const channel = r < 0.45 ? 'whatsapp' : r < 0.7 ? 'email' : r < 0.9 ? 'webchat' : 'phone';
      const contact = pick(contacts);
      const agentId = pick(agentIds);
      const agentName = team[agentIds.indexOf(agentId)]!.name;
      const topic = pick(topics);
      // More recent days are busier; customers write in Monterrey's working day (UTC-6), 09:00 to 18:30.
      const ageDays = Math.floor(Math.pow(rand(), 1.3) * 90);
      const localMidnight = Math.floor((now + MONTERREY_OFFSET) / DAY) * DAY - MONTERREY_OFFSET - ageDays * DAY;
      let start = localMidnight + Math.floor((9 + rand() * 9.5) * 3_600_000);
      if (start > now - 10 * 60_000) start -= DAY;
      const id = newId();
      const recent = now - start < 3 * DAY;
      const status = recent
        ? rand() < 0.5
          ? 'open'
          : rand() < 0.5
            ? 'pending'
            : 'resolved'
        : rand() < 0.95
          ? 'resolved'
          : 'pending';
      let at = start;
      const lines = recent && status === 'open' && rand() < 0.5 ? topic.slice(0, 1) : topic;
      let firstResponse: number | null = null;
      let waitingSince: number | null = null;
      let sent = 0;
      for (const [index, body] of lines.entries()) {
        const fromCustomer = index % 2 === 0;
        const next =
          index === 0
            ? at
            : at +
              Math.floor((fromCustomer ? 20 + rand() * 240 : 3 + rand() * (channel === 'email' ? 300 : 45)) * 60_000);
        // A conversation from this morning may still be going on: nothing is dated in the future.
        if (next > now) break;
        at = next;
        sent += 1;
        if (!fromCustomer && firstResponse === null) firstResponse = at;
        waitingSince = fromCustomer ? (waitingSince ?? at) : null;
        messages.push({
          id: newId(),
          conversation_id: id,
          inbox_id: inboxes[channel]!,
          direction: fromCustomer ? 'incoming' : 'outgoing',
          sender_type: fromCustomer ? 'contact' : 'agent',
          sender_id: fromCustomer ? contact.id : agentId,
          sender_name: fromCustomer ? contact.name : agentName,
          body: channel === 'phone' && index === 0 ? `Llamada entrante (${Math.ceil(rand() * 12)} min): ${body}` : body,
          is_private: 0,
          source_id: fromCustomer ? `demo:${randomToken().slice(0, 16)}` : null,
          created_at: at,
        });
      }
      if (rand() < 0.15) {
        messages.push({
          id: newId(),
          conversation_id: id,
          inbox_id: inboxes[channel]!,
          direction: 'outgoing',
          sender_type: 'agent',
          sender_id: agentId,
          sender_name: agentName,
          body: pick(agentNotes),
          is_private: 1,
          source_id: null,
          created_at: Math.min(at + 60_000, now),
        });
      }
      conversations.push({
        id,
        inbox_id: inboxes[channel]!,
        contact_id: contact.id,
        channel,
        visitor_id: null,
        status,
        assignee_id: sent > 1 ? agentId : null,
        last_message_at: at,
        last_message_preview: lines[sent - 1]!.slice(0, 140),
        waiting_since: status === 'resolved' ? null : waitingSince,
        first_response_at: firstResponse,
        resolved_at: status === 'resolved' ? Math.min(at + 3_600_000, now) : null,
        created_at: start,
        updated_at: at,
      });
    }
    for (let i = 0; i < conversations.length; i += 100)
      await t.insertInto('conversations', conversations.slice(i, i + 100)).execute();
    for (let i = 0; i < messages.length; i += 100) await t.insertInto('messages', messages.slice(i, i + 100)).execute();
    return agentIds;
  });
  await seedExamples(ctx, workspaceId);
  await seedKnowledge(ctx, workspaceId, userId, agentIds);
  await seedSurveys(ctx, workspaceId, rand, now);
  await seedDeals(ctx, workspaceId, agentIds, rand);
  await seedProjects(ctx, workspaceId, agentIds);
  await seedQuotes(ctx, workspaceId);
  await seedAfterSales(ctx, workspaceId, agentIds, rand, now);
  ctx.log.info({ workspaceId, email: owner.email }, 'demo workspace created');
  return { workspaceId, userId };
}

/** Examples that show what segments, personas and custom fields are for, on the demo's own data. */
async function seedExamples(ctx: AppContext, workspaceId: string): Promise<void> {
  const actor = { type: 'system' as const, id: null };
  await createSegment(ctx, workspaceId, actor, {
    name: 'Clientes Pyme sin contacto en 30 días',
    description: 'Para una llamada de seguimiento antes de la renovación',
    definition: {
      match: 'all',
      rules: [
        { field: 'status', operator: 'is', value: 'active' },
        { field: 'tag', operator: 'has', value: 'Plan Pyme' },
        { field: 'lastContactAt', operator: 'not_within_days', value: 30 },
      ],
    },
  });
  await createSegment(ctx, workspaceId, actor, {
    name: 'Excliente',
    definition: { match: 'all', rules: [{ field: 'status', operator: 'is', value: 'former' }] },
  });
  await createPersona(ctx, workspaceId, actor, {
    name: 'Dueña de negocio de comercio',
    description:
      'Micro o pequeña empresa de comercio; quiere facturar rápido desde el celular y teme las multas del SAT.',
    criteria: PersonaCriteria.parse({
      demographics: { ageMin: 30, ageMax: 55, womenPercent: 60 },
      socioeconomics: { locations: ['Monterrey', 'Apodaca', 'San Nicolás'], occupation: 'Dueña o dueño' },
      psychographics: { traits: ['impatient', 'price_sensitive'], anxieties: ['Multas del SAT', 'Cancelaciones'] },
      business: { industries: ['Comercio al por menor', 'Alimentos y bebidas'], sizeBands: ['micro', 'small'] },
      preferences: { channels: ['whatsapp', 'phone'] },
    }),
  });
  await createPersona(ctx, workspaceId, actor, {
    name: 'Contador externo',
    description: 'Lleva la contabilidad de varios clientes; exige precisión y prefiere el correo.',
    criteria: PersonaCriteria.parse({
      psychographics: { traits: ['demanding', 'detail_oriented'] },
      business: { industries: ['Servicios profesionales'] },
      preferences: { channels: ['email', 'whatsapp'] },
    }),
  });
  await createCustomField(ctx, workspaceId, actor, {
    entity: 'contact',
    label: 'Régimen fiscal',
    type: 'choice',
    options: ['601 General de Ley', '612 Personas Físicas con Actividades Empresariales', '626 RESICO'],
  });
}

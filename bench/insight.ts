// Surveys and service standards at scale: 250,000 conversations over a year (four channels, ten agents, three teams),
// their facts computed by the real code from synthetic histories, and 50,000 survey answers. Figures: the dashboard
// load p95 (30 days, the default; 90 days; a whole year), one survey's results page p95, and the weight of the answer
// pages a respondent opens.
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { tenant } from '../apps/server/src/db/tenant.js';
import { newId, randomToken } from '../apps/server/src/platform/ids.js';
import { defaultBusinessHours } from '../apps/server/src/platform/business-hours.js';
import { factOf } from '../apps/server/src/modules/analytics/facts.js';
import { summarizeMessages } from '../apps/server/src/modules/conversations/tally.js';
import { type Client, type TestApp, ownerOf, startTestApp } from '../apps/server/src/testing/harness.js';
import { bulkInsertContacts } from '../apps/server/src/modules/contacts/bulk.js';
import { seeded } from './generate.js';
import { timeRuns, dialectsToRun } from './lib.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 250_000);
const ANSWERS = Number(process.env.BENCH_SURVEY_ANSWERS ?? 50_000);
const CONTACTS = 20_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const DAY = 86_400_000;
const MIN = 60_000;

async function ok(client: Client, url: string) {
  const reply = await client.get(url);
  if (reply.status >= 300)
    throw new Error(`${url}: ${reply.status} ${String(JSON.stringify(reply.body)).slice(0, 300)}`);
  return reply;
}

export async function generate(test: TestApp, owner: Client, workspaceId: string) {
  const rand = seeded(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const t = tenant(test.ctx.db, workspaceId);
  const now = Date.now();
  const userId = (await owner.get('/api/auth/session')).body.user.id as string;
  const agents = [userId];
  for (let i = 1; i < 10; i++) {
    const id = newId();
    await test.ctx.db
      .insertInto('users')
      .values({
        id,
        email: `agente${i}@bench.mx`,
        name: `Agente ${i}`,
        password_hash: 'x',
        language: 'es',
        created_at: now,
        updated_at: now,
      })
      .execute();
    await t.insertInto('memberships', { user_id: id, role: 'agent', created_at: now }).execute();
    agents.push(id);
  }
  const teams = [];
  for (const name of ['Facturación', 'Soporte técnico', 'Ventas']) {
    const id = newId();
    await t
      .insertInto('teams', { id, name, description: null, lead_id: null, auto_assign: 0, created_at: now })
      .execute();
    teams.push(id);
  }
  const contacts: string[] = [];
  for (let start = 0; start < CONTACTS; start += 5_000) {
    const ids = await t.transaction((tx) =>
      bulkInsertContacts(
        tx,
        Array.from({ length: 5_000 }, (_, i) => ({
          name: `Cliente ${start + i}`,
          emails: [`cliente${start + i}@bench.mx`],
          phones: [],
          status: 'active',
          createdAt: now - Math.floor(rand() * 700) * DAY,
        })),
      ),
    );
    contacts.push(...ids);
  }
  const inboxes: Record<string, string> = {
    webchat: (await t.selectFrom('inboxes').select('id').where('channel', '=', 'webchat').executeTakeFirstOrThrow()).id,
  };
  for (const channel of ['whatsapp', 'email', 'phone']) {
    const id = newId();
    await t
      .insertInto('inboxes', { id, channel, name: channel, website_token: null, settings: '{}', created_at: now })
      .execute();
    inboxes[channel] = id;
  }
  const calendar = {
    businessHours: defaultBusinessHours,
    timeZone: 'America/Mexico_City',
    holidays: new Set<string>(),
  };
  const typical = { webchat: 3, whatsapp: 20, email: 240, phone: 0 } as Record<string, number>;
  const conversationIds: {
    id: string;
    contact: string;
    channel: string;
    agent: string;
    team: string;
    resolvedAt: number | null;
  }[] = [];
  const BATCH = 400;
  for (let start = 0; start < CONVERSATIONS; start += BATCH) {
    const conversations = [];
    const facts = [];
    for (let i = start; i < Math.min(CONVERSATIONS, start + BATCH); i++) {
      const r = rand();
      const channel = r < 0.45 ? 'whatsapp' : r < 0.7 ? 'email' : r < 0.9 ? 'webchat' : 'phone';
      // Busier recently and in working hours (Mexico City, UTC-6).
      const day = Math.floor(Math.pow(rand(), 1.15) * 365);
      const created =
        Math.floor((now - day * DAY) / DAY) * DAY + Math.floor((15 + rand() * 10) * 3_600_000) - (day === 0 ? DAY : 0);
      const agent = pick(agents);
      const team = pick(teams);
      const contact = pick(contacts);
      const open = day < 3 && rand() < 0.3;
      const firstResponse =
        channel === 'phone' ? null : created + Math.floor(typical[channel]! * MIN * (0.2 + rand() * rand() * 6));
      const replies = 1 + Math.floor(rand() * rand() * 5);
      const resolvedAt = open ? null : (firstResponse ?? created) + Math.floor(rand() * rand() * 2 * DAY) + 5 * MIN;
      const id = newId();
      const messages = [
        {
          conversation_id: id,
          direction: 'incoming',
          sender_type: 'contact',
          is_private: 0,
          kind: channel === 'phone' ? 'call' : 'text',
          metadata: channel === 'phone' ? '{"durationSeconds":360}' : '{}',
          created_at: created,
        },
      ];
      let at = firstResponse ?? created;
      for (let k = 0; k < replies; k++) {
        messages.push({
          conversation_id: id,
          direction: 'outgoing',
          sender_type: 'agent',
          is_private: 0,
          kind: 'text',
          metadata: '{}',
          created_at: at,
        });
        at += Math.floor(rand() * 30 * MIN);
      }
      const events = [
        { conversation_id: id, type: 'created', data: '{}', created_at: created },
        ...(rand() < 0.08 ? [{ conversation_id: id, type: 'transferred', data: '{}', created_at: created + MIN }] : []),
        ...(resolvedAt
          ? [
              {
                conversation_id: id,
                type: 'status_changed',
                data: '{"from":"open","to":"resolved"}',
                created_at: resolvedAt,
              },
            ]
          : []),
        ...(resolvedAt && rand() < 0.06
          ? [{ conversation_id: id, type: 'reopened', data: '{}', created_at: resolvedAt + DAY }]
          : []),
      ];
      const history = {
        id,
        contact_id: contact,
        channel,
        team_id: team,
        assignee_id: agent,
        status: open ? 'open' : 'resolved',
        created_at: created,
        updated_at: resolvedAt ?? at,
        first_response_at: firstResponse,
        resolved_at: resolvedAt,
        abandoned_at: channel === 'webchat' && rand() < 0.04 ? created + MIN : null,
        events,
        messages,
      };
      conversations.push({
        id,
        inbox_id: inboxes[channel]!,
        contact_id: contact,
        channel,
        visitor_id: null,
        status: history.status,
        assignee_id: agent,
        team_id: team,
        last_message_at: at,
        last_message_preview: '',
        waiting_since: null,
        first_response_at: firstResponse,
        resolved_at: resolvedAt,
        created_at: created,
        updated_at: history.updated_at,
      });
      facts.push(factOf({ ...history, messages: summarizeMessages(history.messages, created) }, calendar));
      conversationIds.push({ id, contact, channel, agent, team, resolvedAt });
    }
    await t.transaction(async (tx) => {
      await tx.insertInto('conversations', conversations).execute();
      await tx.insertInto('conversation_facts', facts).execute();
    });
  }
  await t.insertInto('analytics_state', { facts_through: now, weekly_summary: 0, last_summary_at: now }).execute();

  // Survey answers: the post-conversation CSAT (90 %) and NPS of active customers (10 %).
  const csat = (await owner.post('/api/surveys/from-template', { template: 'post_conversation_csat' })).body;
  await owner.patch(`/api/surveys/${csat.id}`, { status: 'active' });
  const npsSurvey = (await owner.post('/api/surveys/from-template', { template: 'nps_active' })).body;
  await owner.patch(`/api/surveys/${npsSurvey.id}`, { status: 'active' });
  const resolved = conversationIds.filter((c) => c.resolvedAt !== null);
  // Each conversation is surveyed once: answers take resolved conversations in a shuffled order.
  for (let i = resolved.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [resolved[i], resolved[j]] = [resolved[j]!, resolved[i]!];
  }
  for (let start = 0; start < ANSWERS; start += 500) {
    const invitations = [];
    const responses = [];
    const answers = [];
    for (let i = start; i < Math.min(ANSWERS, start + 500); i++) {
      const isNps = i % 10 === 0;
      const c = resolved[i % resolved.length]!;
      const at = Math.min(now - MIN, c.resolvedAt! + 2 * 3_600_000);
      const invitation = newId();
      const response = newId();
      const score = isNps ? Math.floor(rand() * 11) : 1 + Math.floor(Math.pow(rand(), 0.5) * 5);
      const ces = isNps ? null : 1 + Math.floor(Math.pow(rand(), 0.6) * 7);
      const surveyId = isNps ? npsSurvey.id : csat.id;
      invitations.push({
        id: invitation,
        survey_id: surveyId,
        token_hash: `bench:${randomToken()}`,
        contact_id: c.contact,
        conversation_id: isNps ? null : c.id,
        channel: isNps ? 'email' : c.channel,
        agent_id: c.agent,
        team_id: c.team,
        language: 'es',
        status: 'answered',
        send_at: at - 3_600_000,
        sent_at: at - 3_600_000,
        expires_at: at + 14 * DAY,
        answered_at: at,
        error: null,
        created_at: at - 3_600_000,
      });
      const detractor = isNps ? score <= 6 : score <= 2;
      responses.push({
        id: response,
        survey_id: surveyId,
        version: 1,
        invitation_id: invitation,
        contact_id: c.contact,
        conversation_id: isNps ? null : c.id,
        channel: isNps ? 'email' : c.channel,
        agent_id: c.agent,
        team_id: c.team,
        language: 'es',
        csat: isNps ? null : score,
        nps: isNps ? score : null,
        ces,
        detractor: detractor ? 1 : 0,
        submitted_at: at,
      });
      if (isNps)
        answers.push({
          response_id: response,
          survey_id: surveyId,
          question_id: 'nps',
          value: String(score),
          text: null,
          submitted_at: at,
        });
      else {
        answers.push({
          response_id: response,
          survey_id: surveyId,
          question_id: 'csat',
          value: String(score),
          text: null,
          submitted_at: at,
        });
        answers.push({
          response_id: response,
          survey_id: surveyId,
          question_id: 'ces',
          value: String(ces),
          text: null,
          submitted_at: at,
        });
        if (rand() < 0.3)
          answers.push({
            response_id: response,
            survey_id: surveyId,
            question_id: 'comment',
            value: null,
            text: pick(['Muy rápido', 'Tardaron mucho', 'Gracias por la ayuda', 'Me pasaron con varias personas']),
            submitted_at: at,
          });
      }
    }
    await t.transaction(async (tx) => {
      await tx.insertInto('survey_invitations', invitations).execute();
      await tx.insertInto('survey_responses', responses).execute();
      await tx.insertInto('survey_answers', answers).execute();
    });
  }
  return { csatId: csat.id as string, npsId: npsSurvey.id as string };
}

export async function insight(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test, {
      companyName: 'Bench Estándares',
      language: 'es',
      timeZone: 'America/Mexico_City',
    });
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
    const started = performance.now();
    const { csatId } = await generate(test, owner, workspaceId);
    const generateS = +((performance.now() - started) / 1000).toFixed(1);
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(test.database.db);
    else await sql`analyze`.execute(test.database.db);

    const range = (days: number) => {
      const to = new Date();
      return `from=${encodeURIComponent(new Date(to.getTime() - days * DAY).toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    };
    // The first reads build the pages of the days they cover (decision 0010); every later read finds them built.
    const once = async (url: string) => {
      const started = performance.now();
      await ok(owner, url);
      return +(performance.now() - started).toFixed(1);
    };
    const firstRead30DaysMs = await once('/api/analytics/dashboard');
    const firstReadYearMs = await once(`/api/analytics/dashboard?${range(365)}`);
    const dashboard30 = await timeRuns(RUNS, () => ok(owner, '/api/analytics/dashboard'));
    const dashboard90 = await timeRuns(Math.min(RUNS, 20), () => ok(owner, `/api/analytics/dashboard?${range(90)}`));
    const dashboardYear = await timeRuns(Math.min(RUNS, 10), () => ok(owner, `/api/analytics/dashboard?${range(365)}`));
    const filtered = await timeRuns(Math.min(RUNS, 20), () => ok(owner, '/api/analytics/dashboard?channel=whatsapp'));
    const drill = await timeRuns(Math.min(RUNS, 20), () =>
      ok(owner, '/api/analytics/drill-down?standard=first_response'),
    );
    const results = await timeRuns(RUNS, () => ok(owner, `/api/surveys/${csatId}/results`));
    const resultsByChannel = await timeRuns(Math.min(RUNS, 20), () =>
      ok(owner, `/api/surveys/${csatId}/results?by=channel`),
    );
    const results30 = await timeRuns(Math.min(RUNS, 20), () =>
      ok(owner, `/api/surveys/${csatId}/results?${range(30)}`),
    );
    const conversations = Number((await ok(owner, `/api/analytics/dashboard?${range(365)}`)).body.conversations);

    // The answer pages: the two-question CSAT and the longest template (the client questionnaire, 13 questions).
    const questionnaire = (await owner.post('/api/surveys/from-template', { template: 'client_questionnaire' })).body;
    await owner.patch(`/api/surveys/${questionnaire.id}`, { status: 'active' });
    const weight = async (surveyId: string) => {
      const link = (await owner.post(`/api/surveys/${surveyId}/links`, {})).body.url as string;
      const page = await test.app.inject({ method: 'GET', url: new URL(link).pathname });
      return { raw: Buffer.byteLength(page.body), gzip: gzipSync(page.body).length, requests: 1 };
    };
    return {
      dialect,
      conversations,
      surveyAnswers: ANSWERS,
      generateS,
      firstRead30DaysMs,
      firstReadYearMs,
      dashboard30DaysMs: dashboard30,
      dashboard90DaysMs: dashboard90,
      dashboardYearMs: dashboardYear,
      dashboardOneChannelMs: filtered,
      drillDownMs: drill,
      surveyResultsYearMs: results,
      surveyResultsByChannelMs: resultsByChannel,
      surveyResults30DaysMs: results30,
      csatAnswerPageBytes: await weight(csatId),
      questionnaireAnswerPageBytes: await weight(questionnaire.id),
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await insight(d)));
}

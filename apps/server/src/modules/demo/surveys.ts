// The demo's surveys, answered the way seeds 000 and 001 report: the post-conversation CSAT (active, sent by itself),
// NPS of active customers, the churn survey of those who did not renew, and the client questionnaire of the machining
// case (nine clients). Answers go through the surveys service, so unhappy ones leave their follow-up tasks.
import type { SurveyTemplate } from '@atiende/contract';
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { newId, randomToken } from '../../platform/ids.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import {
  type AnswerTarget,
  type RawAnswers,
  createFromTemplate,
  submitAnswers,
  updateSurvey,
} from '../surveys/index.js';

const DAY = 86_400_000;
const actor = { type: 'system' as const, id: null };

/** Picks from weighted choices with the demo's seeded generator. */
const weighted = <T>(rand: () => number, choices: [T, number][]): T => {
  let roll = rand() * choices.reduce((s, [, w]) => s + w, 0);
  for (const [value, weight] of choices) if ((roll -= weight) < 0) return value;
  return choices.at(-1)![0];
};

const comments = {
  happy: [
    'Muy rápido, gracias',
    'Me explicaron paso a paso',
    'Excelente atención por WhatsApp',
    'Resolvieron mi factura el mismo día',
  ],
  unhappy: [
    'Tardaron mucho en contestar',
    'Me pasaron con tres personas',
    'Sigo sin poder timbrar',
    'Tuve que explicar el problema otra vez',
  ],
};

export async function seedSurveys(
  ctx: AppContext,
  workspaceId: string,
  rand: () => number,
  now = Date.now(),
): Promise<void> {
  const t = tenant(ctx.db, workspaceId);
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  const make = async (template: SurveyTemplate, patch: Parameters<typeof updateSurvey>[4]) => {
    const created = await createFromTemplate(ctx, workspaceId, actor, template, undefined, 'es');
    return updateSurvey(ctx, workspaceId, actor, created.id, { status: 'active', ...patch });
  };
  const answer = async (
    survey: Awaited<ReturnType<typeof make>>,
    who: {
      contactId: string;
      conversationId?: string | null;
      channel: string;
      agentId?: string | null;
      teamId?: string | null;
    },
    answers: RawAnswers,
    at: number,
  ) => {
    const id = newId();
    await t
      .insertInto('survey_invitations', {
        id,
        survey_id: survey.id,
        token_hash: `demo:${randomToken()}`,
        contact_id: who.contactId,
        conversation_id: who.conversationId ?? null,
        channel: who.channel,
        agent_id: who.agentId ?? null,
        team_id: who.teamId ?? null,
        language: 'es',
        status: 'sent',
        send_at: at - 3_600_000,
        sent_at: at - 3_600_000,
        expires_at: at + 14 * DAY,
        answered_at: null,
        error: null,
        created_at: at - 3_600_000,
      })
      .execute();
    const target: AnswerTarget = {
      workspaceId,
      surveyId: survey.id,
      version: survey.version,
      definition: survey.definition,
      anonymous: survey.anonymous,
      invitation: {
        id,
        contactId: who.contactId,
        conversationId: who.conversationId ?? null,
        channel: who.channel,
        agentId: who.agentId ?? null,
        teamId: who.teamId ?? null,
        language: 'es',
      },
      workspaceLanguage: settings.language,
      workspaceName: settings.name,
    };
    await submitAnswers(ctx, target, answers, 'es', at);
  };

  // After each resolved conversation: about half the customers answer, mostly happy.
  const csat = await make('post_conversation_csat', { afterResolution: true, delayMinutes: 60, frequencyDays: 7 });
  const resolved = await t
    .selectFrom('conversations')
    .select(['id', 'contact_id', 'channel', 'assignee_id', 'team_id', 'resolved_at'])
    .where('status', '=', 'resolved')
    .where('channel', 'in', ['webchat', 'whatsapp', 'email'])
    .orderBy('resolved_at')
    .execute();
  const lastAsked = new Map<string, number>();
  for (const c of resolved) {
    const at = c.resolved_at! + 60 * 60_000 + Math.floor(rand() * 6 * 3_600_000);
    if (at > now || at - (lastAsked.get(c.contact_id) ?? -Infinity) < 7 * DAY || rand() > 0.5) continue;
    lastAsked.set(c.contact_id, at);
    const score = weighted(rand, [
      [5, 48],
      [4, 26],
      [3, 11],
      [2, 8],
      [1, 7],
    ]);
    const answers: RawAnswers = { csat: score, ces: Math.max(1, Math.min(7, score + 2 - Math.floor(rand() * 2))) };
    if (rand() < 0.35)
      answers.comment =
        score >= 4 ? comments.happy[Math.floor(rand() * 4)]! : comments.unhappy[Math.floor(rand() * 4)]!;
    await answer(
      csat,
      { contactId: c.contact_id, conversationId: c.id, channel: c.channel, agentId: c.assignee_id, teamId: c.team_id },
      answers,
      at,
    );
  }

  const contacts = await t.selectFrom('contacts').select(['id', 'status']).execute();
  // NPS of active customers, asked by email 40 days ago (seed 000: 50 % excellent, 67 % fast, 90 % would recommend).
  const nps = await make('nps_active', {});
  for (const c of contacts.filter((x) => x.status === 'active').slice(0, 60)) {
    if (rand() > 0.55) continue;
    const at = now - 40 * DAY + Math.floor(rand() * 10 * DAY);
    await answer(
      nps,
      { contactId: c.id, channel: 'email' },
      {
        nps: weighted(rand, [
          [10, 30],
          [9, 28],
          [8, 20],
          [7, 10],
          [6, 6],
          [4, 4],
          [2, 2],
        ]),
        service: weighted(rand, [
          ['1', 50],
          ['2', 50],
        ]),
        speed: weighted(rand, [
          ['1', 67],
          ['2', 33],
        ]),
        quality: 'yes',
        improve: rand() < 0.3 ? 'En general el servicio está bien' : '',
      },
      at,
    );
  }
  // Those who did not renew (seed 000: ten answers).
  const churn = await make('churn', { frequencyDays: 365 });
  for (const c of contacts.filter((x) => x.status === 'former').slice(0, 10)) {
    const at = now - 60 * DAY + Math.floor(rand() * 30 * DAY);
    await answer(
      churn,
      { contactId: c.id, channel: 'email' },
      {
        reason: weighted(rand, [
          ['price', 30],
          ['not_used', 20],
          ['service', 25],
          ['ease', 15],
          ['competitor', 10],
        ]),
        service: weighted(rand, [
          [4, 33],
          [3, 17],
          [2, 8],
          [1, 25],
        ]),
        price: weighted(rand, [
          [1, 40],
          [2, 30],
          [3, 30],
        ]),
        ease: weighted(rand, [
          [2, 25],
          [4, 35],
          [6, 40],
        ]),
        return: rand() < 0.4 ? 'yes' : 'no',
      },
      at,
    );
  }
  // The client questionnaire of the machining case: nine clients, answered as in its Table 2.
  const questionnaire = await make('client_questionnaire', { frequencyDays: 180 });
  const scale = (counts: number[]) => {
    const pool = counts.flatMap((n, i) => Array.from({ length: n }, () => i + 1));
    return () => pool.splice(Math.floor(rand() * pool.length), 1)[0] ?? 1;
  };
  const table = {
    feedback: scale([4, 3, 1, 1, 0]),
    details: scale([3, 4, 1, 1, 0]),
    reviews: scale([2, 3, 3, 1, 0]),
    comply: scale([3, 3, 2, 1, 0]),
    ask_details: scale([6, 3, 0, 0, 0]),
    exceed: scale([3, 4, 1, 1, 0]),
    quality: scale([4, 3, 2, 0, 0]),
    functional: scale([3, 4, 2, 0, 0]),
    clean: scale([2, 4, 2, 1, 0]),
  };
  const channels = scale([3, 1, 4, 1]);
  for (const c of contacts.filter((x) => x.status === 'active').slice(60, 69)) {
    const main = ['email', 'phone', 'whatsapp', 'video'][channels() - 1]!;
    const answers: RawAnswers = { main_channel: main === 'whatsapp' ? ['whatsapp', 'email'] : [main] };
    for (const [key, next] of Object.entries(table)) answers[key] = next();
    Object.assign(answers, {
      as_designed: weighted(rand, [
        ['1', 4],
        ['2', 4],
        ['3', 1],
      ]),
      fit: weighted(rand, [
        ['1', 3],
        ['2', 5],
        ['3', 1],
      ]),
      integrates: weighted(rand, [
        ['1', 5],
        ['2', 2],
        ['3', 1],
        ['4', 1],
      ]),
    });
    await answer(
      questionnaire,
      { contactId: c.id, channel: 'email' },
      answers,
      now - 20 * DAY + Math.floor(rand() * 10 * DAY),
    );
  }
}

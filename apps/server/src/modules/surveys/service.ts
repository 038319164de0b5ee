// Surveys: building and versioning them, inviting contacts (a personal link, email, WhatsApp, the website chat, or by
// themselves after a resolved conversation), and taking answers: once per invitation, checked against the version
// the respondent saw, with a follow-up task when the answer is unhappy.
import type { Conversation, Survey, SurveyDefinition, SurveyTemplate } from '@atiende/contract';
import { FollowUpThresholds, SurveyDefinition as DefinitionSchema } from '@atiende/contract';
import type { z } from 'zod';
import type { SurveyWrite } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type BounceState, bounceStates, optedOut } from '../contacts/index.js';
import { touchDaysOf } from '../conversations/index.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hashToken, newId, randomToken } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { assertAudience, audienceCondition } from '../segments/index.js';
import { createTask } from '../tasks/index.js';
import { surveyTemplates } from './templates.js';

const DAY = 86_400_000;
type Lang = 'es' | 'en';
type Write = z.infer<typeof SurveyWrite>;
type Thresholds = z.infer<typeof FollowUpThresholds>;
const DEFAULT_FOLLOW_UP: Thresholds = { csat: 2, nps: 6, ces: 3 };

export const surveyUrl = (ctx: AppContext, token: string) => `${ctx.config.publicUrl}/s/${token}`;
export const publicSurveyUrl = (ctx: AppContext, publicToken: string) =>
  `${ctx.config.publicUrl}/s/open/${publicToken}`;

type SurveyRow = Awaited<ReturnType<typeof surveyRow>>;
/** A survey with the definition of its current version. */
export function surveyRow(t: Tenant, id: string) {
  return t
    .selectFrom('surveys')
    .innerJoin('survey_versions', (j) =>
      j.onRef('survey_versions.survey_id', '=', 'surveys.id').onRef('survey_versions.version', '=', 'surveys.version'),
    )
    .selectAll('surveys')
    .select('survey_versions.definition')
    .where('surveys.id', '=', id)
    .executeTakeFirst();
}

async function toSurvey(ctx: AppContext, t: Tenant, row: NonNullable<SurveyRow>): Promise<Survey> {
  const [invitations, responses] = await Promise.all([
    t
      .selectFrom('survey_invitations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', row.id)
      .executeTakeFirstOrThrow(),
    t
      .selectFrom('survey_responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('survey_id', '=', row.id)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    status: row.status as Survey['status'],
    anonymous: row.anonymous === 1,
    version: row.version,
    definition: JSON.parse(row.definition) as SurveyDefinition,
    publicUrl: publicSurveyUrl(ctx, row.public_token),
    afterResolution: row.after_resolution === 1,
    delayMinutes: row.delay_minutes,
    frequencyDays: row.frequency_days,
    invitationDays: row.invitation_days,
    followUp: JSON.parse(row.follow_up) as Thresholds,
    whatsappTemplateId: row.whatsapp_template_id,
    invitations: Number(invitations.n),
    responses: Number(responses.n),
    updatedAt: iso(row.updated_at),
  };
}

export async function listSurveys(ctx: AppContext, workspaceId: string): Promise<Survey[]> {
  const t = tenant(ctx.db, workspaceId);
  const ids = await t.selectFrom('surveys').select('id').orderBy('created_at', 'desc').execute();
  return Promise.all(ids.map(async ({ id }) => toSurvey(ctx, t, (await surveyRow(t, id))!)));
}

export async function getSurvey(ctx: AppContext, workspaceId: string, id: string): Promise<Survey> {
  const t = tenant(ctx.db, workspaceId);
  const row = await surveyRow(t, id);
  if (!row) throw new AppError('not_found');
  return toSurvey(ctx, t, row);
}

async function checkTemplate(t: Tenant, id: string | null | undefined): Promise<void> {
  if (!id) return;
  const template = await t
    .selectFrom('whatsapp_templates')
    .select('parameters')
    .where('id', '=', id)
    .executeTakeFirst();
  if (!template || Number(template.parameters) !== 1)
    throw new AppError('validation_failed', [{ path: 'whatsappTemplateId', message: 'field.parameterCount' }]);
}

export async function createSurvey(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: Write & { template?: string | null },
): Promise<Survey> {
  const t = tenant(ctx.db, workspaceId);
  const id = newId();
  const now = Date.now();
  await t.transaction(async (tx) => {
    await checkTemplate(tx, input.whatsappTemplateId);
    // Only one survey goes out by itself after a resolution, so a customer is never asked twice for one conversation.
    if (input.afterResolution)
      await tx.updateTable('surveys').set({ after_resolution: 0 }).where('after_resolution', '=', 1).execute();
    await tx
      .insertInto('surveys', {
        id,
        name: input.name,
        template: input.template ?? null,
        status: input.status ?? 'draft',
        anonymous: input.anonymous ? 1 : 0,
        version: 1,
        public_token: randomToken().slice(0, 24),
        after_resolution: input.afterResolution ? 1 : 0,
        delay_minutes: input.delayMinutes ?? 60,
        frequency_days: input.frequencyDays ?? 30,
        invitation_days: input.invitationDays ?? 14,
        follow_up: JSON.stringify(input.followUp ?? DEFAULT_FOLLOW_UP),
        whatsapp_template_id: input.whatsappTemplateId ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await tx
      .insertInto('survey_versions', {
        survey_id: id,
        version: 1,
        definition: JSON.stringify(input.definition),
        created_at: now,
      })
      .execute();
    await audit(tx, actor, 'survey.created', { type: 'survey', id }, { name: input.name });
  });
  return getSurvey(ctx, workspaceId, id);
}

export async function createFromTemplate(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  template: SurveyTemplate,
  name: string | undefined,
  language: Lang,
): Promise<Survey> {
  const source = surveyTemplates[template];
  return createSurvey(ctx, workspaceId, actor, {
    name: name ?? source.name[language],
    template,
    definition: source.definition,
    afterResolution: source.afterResolution,
    anonymous: source.anonymous,
    status: 'draft',
  });
}

/** A change of questions is a new version: answers already given keep the version (and wording) they answered. */
export async function updateSurvey(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: Partial<Write>,
): Promise<Survey> {
  const t = tenant(ctx.db, workspaceId);
  await t.transaction(async (tx) => {
    const current = await surveyRow(tx, id);
    if (!current) throw new AppError('not_found');
    await checkTemplate(tx, input.whatsappTemplateId);
    const now = Date.now();
    let version = current.version;
    if (input.definition && JSON.stringify(input.definition) !== current.definition) {
      version += 1;
      await tx
        .insertInto('survey_versions', {
          survey_id: id,
          version,
          definition: JSON.stringify(input.definition),
          created_at: now,
        })
        .execute();
    }
    if (input.afterResolution)
      await tx
        .updateTable('surveys')
        .set({ after_resolution: 0 })
        .where('after_resolution', '=', 1)
        .where('id', '!=', id)
        .execute();
    await tx
      .updateTable('surveys')
      .set({
        version,
        updated_at: now,
        ...(input.name !== undefined && { name: input.name }),
        ...(input.status !== undefined && { status: input.status }),
        ...(input.anonymous !== undefined && { anonymous: input.anonymous ? 1 : 0 }),
        ...(input.afterResolution !== undefined && { after_resolution: input.afterResolution ? 1 : 0 }),
        ...(input.delayMinutes !== undefined && { delay_minutes: input.delayMinutes }),
        ...(input.frequencyDays !== undefined && { frequency_days: input.frequencyDays }),
        ...(input.invitationDays !== undefined && { invitation_days: input.invitationDays }),
        ...(input.followUp !== undefined && { follow_up: JSON.stringify(input.followUp) }),
        ...(input.whatsappTemplateId !== undefined && { whatsapp_template_id: input.whatsappTemplateId }),
      })
      .where('id', '=', id)
      .execute();
    await audit(tx, actor, 'survey.updated', { type: 'survey', id }, { version });
  });
  return getSurvey(ctx, workspaceId, id);
}

export async function deleteSurvey(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    // Its answers go with it (a positive one made a conversation count as successful).
    const answered = await t
      .selectFrom('survey_responses')
      .select('conversation_id')
      .where('survey_id', '=', id)
      .where('conversation_id', 'is not', null)
      .$narrowType<{ conversation_id: string }>()
      .execute();
    await touchDaysOf(t, { conversationIds: [...new Set(answered.map((r) => r.conversation_id))] });
    const gone = await t.deleteFrom('surveys').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'survey.deleted', { type: 'survey', id });
  });
}

// ── Invitations ───────────────────────────────────────────────────────────────

interface NewInvitation {
  surveyId: string;
  contactId: string | null;
  conversationId: string | null;
  channel: string;
  agentId: string | null;
  teamId: string | null;
  language: Lang;
  status: 'scheduled' | 'sent';
  sendAt: number;
  expiresAt: number;
}

/** The token is minted when the link leaves (here for a personal link, in the delivery job otherwise): only its hash is kept. */
async function insertInvitation(t: Tenant, invitation: NewInvitation, tokenHash: string): Promise<string> {
  const id = newId();
  await t
    .insertInto('survey_invitations', {
      id,
      survey_id: invitation.surveyId,
      token_hash: tokenHash,
      contact_id: invitation.contactId,
      conversation_id: invitation.conversationId,
      channel: invitation.channel,
      agent_id: invitation.agentId,
      team_id: invitation.teamId,
      language: invitation.language,
      status: invitation.status,
      send_at: invitation.sendAt,
      sent_at: invitation.status === 'sent' ? invitation.sendAt : null,
      expires_at: invitation.expiresAt,
      answered_at: null,
      error: null,
      created_at: Date.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return id;
}

async function activeSurvey(t: Tenant, id: string) {
  const survey = await t.selectFrom('surveys').selectAll().where('id', '=', id).executeTakeFirst();
  if (!survey) throw new AppError('not_found');
  if (survey.status !== 'active') throw new AppError('survey_closed');
  return survey;
}

/** A personal one-time link for one contact (or one conversation), to paste in a chat or a message. */
export async function personalLink(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  surveyId: string,
  input: { contactId?: string; conversationId?: string },
) {
  const t = tenant(ctx.db, workspaceId);
  const survey = await activeSurvey(t, surveyId);
  const conversation = input.conversationId
    ? await t
        .selectFrom('conversations')
        .select(['id', 'contact_id', 'assignee_id', 'team_id', 'channel'])
        .where('id', '=', input.conversationId)
        .executeTakeFirst()
    : undefined;
  if (input.conversationId && !conversation)
    throw new AppError('validation_failed', [{ path: 'conversationId', message: 'field.noSuchConversation' }]);
  const contactId = conversation?.contact_id ?? input.contactId ?? null;
  const contact = contactId
    ? await t
        .selectFrom('contacts')
        .select(['id', 'language'])
        .where('id', '=', contactId)
        .where('privacy_blocked_at', 'is', null)
        .executeTakeFirst()
    : undefined;
  if (contactId && !contact)
    throw new AppError('validation_failed', [{ path: 'contactId', message: 'field.noSuchContact' }]);
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  const token = randomToken();
  const now = Date.now();
  const expiresAt = now + survey.invitation_days * DAY;
  await t.transaction(async (tx) => {
    await insertInvitation(
      tx,
      {
        surveyId,
        contactId,
        conversationId: null,
        channel: conversation?.channel ?? 'link',
        agentId: conversation?.assignee_id ?? actor.id,
        teamId: conversation?.team_id ?? null,
        language: languageOf(contact?.language, settings.language),
        status: 'sent',
        sendAt: now,
        expiresAt,
      },
      hashToken(token),
    );
    await audit(tx, actor, 'survey.link_created', { type: 'survey', id: surveyId }, { contactId });
  });
  return { url: surveyUrl(ctx, token), expiresAt: iso(expiresAt) };
}

const languageOf = (contactLanguage: string | null | undefined, fallback: Lang): Lang =>
  contactLanguage?.startsWith('en') ? 'en' : contactLanguage?.startsWith('es') ? 'es' : fallback;

/** Email or WhatsApp to chosen contacts or a segment: one invitation each, delivered by a job. */
export async function sendSurvey(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  surveyId: string,
  input: { channel: 'email' | 'whatsapp'; contactIds?: string[]; segmentId?: string; whatsappTemplateId?: string },
) {
  const t = tenant(ctx.db, workspaceId);
  const survey = await activeSurvey(t, surveyId);
  const templateId = input.whatsappTemplateId ?? survey.whatsapp_template_id;
  if (input.channel === 'whatsapp') await checkTemplate(t, templateId);
  if (
    input.channel === 'whatsapp' &&
    !(await t.selectFrom('inboxes').select('id').where('channel', '=', 'whatsapp').executeTakeFirst())
  )
    throw new AppError('validation_failed', [{ path: 'channel', message: 'field.noWhatsappInbox' }]);
  let query = t
    .selectFrom('contacts')
    .select([
      'contacts.id',
      'contacts.name',
      'contacts.email',
      'contacts.phone',
      'contacts.whatsapp_id',
      'contacts.language',
      'contacts.privacy_blocked_at',
    ]);
  query = query.where(await audienceCondition(ctx, workspaceId, input));
  const contacts = await query.limit(20_000).execute();
  assertAudience(input, contacts.length);
  const since = Date.now() - survey.frequency_days * DAY;
  const recent = new Set(
    (
      await t
        .selectFrom('survey_invitations')
        .select('contact_id')
        .where('survey_id', '=', surveyId)
        .where('created_at', '>=', since)
        .where('status', 'not in', ['failed', 'skipped'])
        .execute()
    ).map((r) => r.contact_id),
  );
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  const skipped: {
    contactId: string;
    name: string;
    reason: 'no_email' | 'email_bounced' | 'unsubscribed' | 'no_whatsapp' | 'recently_invited' | 'blocked';
  }[] = [];
  const bounced: Map<string, BounceState> =
    input.channel === 'email'
      ? await bounceStates(
          t,
          contacts.map((c) => c.email ?? ''),
        )
      : new Map<string, BounceState>();
  const unsubscribed =
    input.channel === 'email'
      ? await optedOut(
          t,
          contacts.map((c) => c.id),
        )
      : new Set<string>();
  const now = Date.now();
  let queued = 0;
  await t.transaction(async (tx) => {
    for (const c of contacts) {
      const reason =
        c.privacy_blocked_at !== null
          ? 'blocked'
          : input.channel === 'email' && !c.email
            ? 'no_email'
            : input.channel === 'email' && bounced.get(c.email!.toLowerCase())?.severity === 'hard'
              ? 'email_bounced'
              : input.channel === 'email' && unsubscribed.has(c.id)
                ? 'unsubscribed'
                : input.channel === 'whatsapp' && !c.whatsapp_id && !c.phone
                  ? 'no_whatsapp'
                  : recent.has(c.id)
                    ? 'recently_invited'
                    : null;
      if (reason) {
        skipped.push({ contactId: c.id, name: c.name, reason });
        continue;
      }
      const id = await insertInvitation(
        tx,
        {
          surveyId,
          contactId: c.id,
          conversationId: null,
          channel: input.channel,
          agentId: null,
          teamId: null,
          language: languageOf(c.language, settings.language),
          status: 'scheduled',
          sendAt: now,
          expiresAt: now + survey.invitation_days * DAY,
        },
        `pending:${newId()}`,
      );
      await ctx.jobs.enqueue(
        'survey.deliver',
        { workspaceId, invitationId: id, whatsappTemplateId: templateId ?? null },
        { executor: tx.db, maxAttempts: 5 },
      );
      queued += 1;
    }
    await audit(
      tx,
      actor,
      'survey.sent',
      { type: 'survey', id: surveyId },
      { channel: input.channel, queued, skipped: skipped.length, segmentId: input.segmentId ?? null },
    );
  });
  ctx.jobs.nudge();
  return { queued, skipped };
}

/**
 * A conversation was resolved: the workspace's after-resolution survey is scheduled for after its delay, unless the
 * contact was invited within the survey's frequency. Idempotent per conversation (every process hears the event).
 */
export async function scheduleAfterResolution(
  ctx: AppContext,
  workspaceId: string,
  conversation: Conversation,
  now = Date.now(),
): Promise<void> {
  if (conversation.status !== 'resolved') return;
  const t = tenant(ctx.db, workspaceId);
  const survey = await t
    .selectFrom('surveys')
    .selectAll()
    .where('after_resolution', '=', 1)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (!survey) return;
  const contact = await t
    .selectFrom('contacts')
    .select(['id', 'language', 'email', 'whatsapp_id', 'phone'])
    .where('id', '=', conversation.contact.id)
    .where('privacy_blocked_at', 'is', null)
    .executeTakeFirst();
  if (!contact) return;
  const channel =
    conversation.channel === 'webchat' || conversation.channel === 'email' || conversation.channel === 'whatsapp'
      ? conversation.channel
      : contact.email
        ? 'email'
        : contact.whatsapp_id || contact.phone
          ? 'whatsapp'
          : null;
  if (!channel) return;
  const sendAt = now + survey.delay_minutes * 60_000;
  // Resolved again after a reopening skipped its invitation: the same invitation is scheduled once more.
  const rescheduled = await t
    .updateTable('survey_invitations')
    .set({
      status: 'scheduled',
      error: null,
      send_at: sendAt,
      expires_at: sendAt + survey.invitation_days * DAY,
      agent_id: conversation.assigneeId,
      team_id: conversation.teamId,
    })
    .where('survey_id', '=', survey.id)
    .where('conversation_id', '=', conversation.id)
    .where('status', '=', 'skipped')
    .returning('id')
    .executeTakeFirst();
  if (rescheduled) {
    await ctx.jobs.enqueue(
      'survey.deliver',
      { workspaceId, invitationId: rescheduled.id, whatsappTemplateId: survey.whatsapp_template_id },
      { runAt: sendAt, maxAttempts: 5 },
    );
    return;
  }
  const since = now - survey.frequency_days * DAY;
  const recent = await t
    .selectFrom('survey_invitations')
    .select('id')
    .where('survey_id', '=', survey.id)
    .where('contact_id', '=', contact.id)
    .where('created_at', '>=', since)
    .where('status', 'not in', ['failed', 'skipped'])
    .executeTakeFirst();
  if (recent) return;
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  await t.transaction(async (tx) => {
    const id = newId();
    const inserted = await tx
      .insertInto('survey_invitations', {
        id,
        survey_id: survey.id,
        token_hash: `pending:${id}`,
        contact_id: contact.id,
        conversation_id: conversation.id,
        channel,
        agent_id: conversation.assigneeId,
        team_id: conversation.teamId,
        language: languageOf(contact.language, settings.language),
        status: 'scheduled',
        send_at: sendAt,
        sent_at: null,
        expires_at: sendAt + survey.invitation_days * DAY,
        answered_at: null,
        error: null,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return;
    await ctx.jobs.enqueue(
      'survey.deliver',
      { workspaceId, invitationId: id, whatsappTemplateId: survey.whatsapp_template_id },
      { executor: tx.db, runAt: sendAt, maxAttempts: 5 },
    );
  });
}

// ── Answering ─────────────────────────────────────────────────────────────────

export interface AnswerTarget {
  workspaceId: string;
  surveyId: string;
  version: number;
  definition: SurveyDefinition;
  anonymous: boolean;
  invitation: {
    id: string;
    contactId: string | null;
    conversationId: string | null;
    channel: string;
    agentId: string | null;
    teamId: string | null;
    language: Lang;
  } | null;
  workspaceLanguage: Lang;
  workspaceName: string;
}

/** Who a link is for, or why it cannot be answered: unknown, already answered, expired, or the survey is closed. */
export async function answerTargetByToken(ctx: AppContext, token: string, now = Date.now()): Promise<AnswerTarget> {
  const invitation = await ctx.db
    .selectFrom('survey_invitations')
    .selectAll()
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!invitation) throw new AppError('not_found');
  if (invitation.answered_at !== null) throw new AppError('survey_answered');
  if (invitation.expires_at < now) throw new AppError('survey_expired');
  return target(ctx, invitation.workspace_id, invitation.survey_id, {
    id: invitation.id,
    contactId: invitation.contact_id,
    conversationId: invitation.conversation_id,
    channel: invitation.channel,
    agentId: invitation.agent_id,
    teamId: invitation.team_id,
    language: invitation.language === 'en' ? 'en' : 'es',
  });
}

export async function answerTargetByPublicToken(ctx: AppContext, publicToken: string): Promise<AnswerTarget> {
  const survey = await ctx.db
    .selectFrom('surveys')
    .select(['id', 'workspace_id'])
    .where('public_token', '=', publicToken)
    .executeTakeFirst();
  if (!survey) throw new AppError('not_found');
  return target(ctx, survey.workspace_id, survey.id, null);
}

async function target(
  ctx: AppContext,
  workspaceId: string,
  surveyId: string,
  invitation: AnswerTarget['invitation'],
): Promise<AnswerTarget> {
  const t = tenant(ctx.db, workspaceId);
  const row = await surveyRow(t, surveyId);
  if (!row) throw new AppError('not_found');
  if (row.status !== 'active') throw new AppError('survey_closed');
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  return {
    workspaceId,
    surveyId,
    version: row.version,
    definition: DefinitionSchema.parse(JSON.parse(row.definition)),
    anonymous: row.anonymous === 1,
    invitation,
    workspaceLanguage: settings.language,
    workspaceName: settings.name,
  };
}

export type RawAnswers = Record<string, unknown>;
export type AnswerErrors = Record<string, string>;
type Normalised = { value: string | null; text: string | null }[];

const scale: Record<string, [number, number]> = { csat: [1, 5], nps: [0, 10], ces: [1, 7] };

/** Checks every answer against its question's type; the keys of the errors are question ids, the values field.* keys. */
export function checkAnswers(
  definition: SurveyDefinition,
  raw: RawAnswers,
): { answers: Map<string, Normalised>; errors: AnswerErrors } {
  const answers = new Map<string, Normalised>();
  const errors: AnswerErrors = {};
  const questions = definition.sections.flatMap((s) => s.questions);
  for (const key of Object.keys(raw)) if (!questions.some((q) => q.id === key)) errors[key] = 'field.unknownQuestion';
  for (const q of questions) {
    let given = raw[q.id];
    if (given === '' || given === undefined || given === null || (Array.isArray(given) && given.length === 0)) {
      if (q.required) errors[q.id] = 'field.required';
      continue;
    }
    const optionIds = (q.options ?? []).map((o) => o.id);
    const range = q.type === 'likert' ? ([1, optionIds.length] as [number, number]) : scale[q.type];
    if (range) {
      const n =
        typeof given === 'number'
          ? given
          : typeof given === 'string' && /^-?\d+$/.test(given.trim())
            ? Number(given)
            : NaN;
      if (!Number.isInteger(n) || n < range[0] || n > range[1]) errors[q.id] = 'field.outOfScale';
      else answers.set(q.id, [{ value: String(n), text: null }]);
    } else if (q.type === 'single') {
      if (typeof given !== 'string' || !optionIds.includes(given)) errors[q.id] = 'field.invalidOption';
      else answers.set(q.id, [{ value: given, text: null }]);
    } else if (q.type === 'multiple') {
      const list = Array.isArray(given) ? given : [given];
      if (!list.every((v) => typeof v === 'string' && optionIds.includes(v))) errors[q.id] = 'field.invalidOption';
      else
        answers.set(
          q.id,
          [...new Set(list as string[])].map((value) => ({ value, text: null })),
        );
    } else if (q.type === 'yes_no') {
      if (given === true || given === 'yes') answers.set(q.id, [{ value: 'yes', text: null }]);
      else if (given === false || given === 'no') answers.set(q.id, [{ value: 'no', text: null }]);
      else errors[q.id] = 'field.invalidOption';
    } else {
      const limit = q.type === 'short_text' ? 300 : 5_000;
      if (typeof given !== 'string') errors[q.id] = 'field.text';
      else if ((given = given.trim()).length > limit) errors[q.id] = 'field.tooLong';
      else if ((given as string).length) answers.set(q.id, [{ value: null, text: given as string }]);
      else if (q.required) errors[q.id] = 'field.required';
    }
  }
  return { answers, errors };
}

function isDetractor(
  scores: { csat: number | null; nps: number | null; ces: number | null },
  thresholds: Thresholds,
): boolean {
  return (['csat', 'nps', 'ces'] as const).some(
    (k) => scores[k] !== null && thresholds[k] !== null && scores[k] <= thresholds[k],
  );
}

/**
 * Stores one response (all answers or none). An invitation is used once: a second submission, even at the same
 * moment, finds it answered. Returns the thanks text in the respondent's language.
 */
export async function submitAnswers(
  ctx: AppContext,
  target: AnswerTarget,
  raw: RawAnswers,
  language: Lang,
  now = Date.now(),
): Promise<{ responseId: string }> {
  const { answers, errors } = checkAnswers(target.definition, raw);
  if (Object.keys(errors).length)
    throw new AppError(
      'validation_failed',
      Object.entries(errors).map(([id, message]) => ({ path: `answers.${id}`, message })),
    );
  const t = tenant(ctx.db, target.workspaceId);
  const questions = target.definition.sections.flatMap((s) => s.questions);
  const first = (type: string) => {
    const q = questions.find((x) => x.type === type && answers.has(x.id));
    return q ? Number(answers.get(q.id)![0]!.value) : null;
  };
  const scores = { csat: first('csat'), nps: first('nps'), ces: first('ces') };
  const responseId = newId();
  await t.transaction(async (tx) => {
    const survey = await tx
      .selectFrom('surveys')
      .select(['follow_up', 'name'])
      .where('id', '=', target.surveyId)
      .executeTakeFirstOrThrow();
    const detractor = isDetractor(scores, JSON.parse(survey.follow_up) as Thresholds);
    const inv = target.invitation;
    if (inv) {
      const claimed = await tx
        .updateTable('survey_invitations')
        .set({ status: 'answered', answered_at: now })
        .where('id', '=', inv.id)
        .where('answered_at', 'is', null)
        .executeTakeFirst();
      if (!Number(claimed.numUpdatedRows)) throw new AppError('survey_answered');
    }
    const contactId = target.anonymous ? null : (inv?.contactId ?? null);
    await tx
      .insertInto('survey_responses', {
        id: responseId,
        survey_id: target.surveyId,
        version: target.version,
        invitation_id: inv?.id ?? null,
        contact_id: contactId,
        conversation_id: target.anonymous ? null : (inv?.conversationId ?? null),
        channel: inv?.channel ?? 'link',
        agent_id: inv?.agentId ?? null,
        team_id: inv?.teamId ?? null,
        language,
        ...scores,
        detractor: detractor ? 1 : 0,
        submitted_at: now,
      })
      .execute();
    const rows = [...answers].flatMap(([questionId, values]) =>
      values.map((v) => ({
        response_id: responseId,
        survey_id: target.surveyId,
        question_id: questionId,
        value: v.value,
        text: v.text,
        submitted_at: now,
      })),
    );
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto('survey_answers', rows.slice(i, i + 200)).execute();
    // A positive answer makes its conversation count as successful: the dashboard's page of that day is built again.
    if (!target.anonymous && inv?.conversationId) await touchDaysOf(tx, { conversationIds: [inv.conversationId] });
    // An anonymous answer stays anonymous: no follow-up names who gave it.
    if (detractor && inv?.contactId && !target.anonymous)
      await followUp(tx, inv.contactId, inv.agentId, survey.name, scores, responseId, now, target.workspaceLanguage);
  });
  return { responseId };
}

/** An unhappy answer becomes a task for the contact's owner (else the agent who served them), due the next day. */
async function followUp(
  t: Tenant,
  contactId: string,
  agentId: string | null,
  surveyName: string,
  scores: { csat: number | null; nps: number | null; ces: number | null },
  responseId: string,
  now: number,
  language: Lang,
): Promise<void> {
  const contact = await t
    .selectFrom('contacts')
    .select(['name', 'owner_id'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) return;
  const given = (['csat', 'nps', 'ces'] as const)
    .filter((k) => scores[k] !== null)
    .map((k) => `${k.toUpperCase()} ${scores[k]}`)
    .join(', ');
  const title =
    language === 'en'
      ? `Call ${contact.name} back: unhappy answer to "${surveyName}"`
      : `Contactar a ${contact.name}: respuesta negativa en «${surveyName}»`;
  await createTask(
    t,
    {
      title,
      body: given,
      contactId,
      assigneeId: contact.owner_id ?? agentId,
      dueAt: now + DAY,
      source: { type: 'survey_response', id: responseId },
    },
    now,
  );
}

/** A contact's answers, for their access request (privacy export). */
export async function surveyAnswersOfContact(t: Tenant, contactId: string) {
  const responses = await t
    .selectFrom('survey_responses')
    .innerJoin('surveys', 'surveys.id', 'survey_responses.survey_id')
    .select([
      'survey_responses.id',
      'surveys.name',
      'survey_responses.version',
      'survey_responses.channel',
      'survey_responses.submitted_at',
    ])
    .where('survey_responses.contact_id', '=', contactId)
    .orderBy('survey_responses.submitted_at')
    .execute();
  const answers = responses.length
    ? await t
        .selectFrom('survey_answers')
        .select(['response_id', 'question_id', 'value', 'text'])
        .where(
          'response_id',
          'in',
          responses.map((r) => r.id),
        )
        .execute()
    : [];
  return responses.map((r) => ({
    survey: r.name,
    version: r.version,
    channel: r.channel,
    submittedAt: iso(r.submitted_at),
    answers: answers
      .filter((a) => a.response_id === r.id)
      .map((a) => ({ question: a.question_id, value: a.text ?? a.value })),
  }));
}

/** The contact's invitations still waiting for an answer (the customer portal lists them). */
export async function pendingInvitationsOf(t: Tenant, contactId: string, now = Date.now()) {
  const rows = await t
    .selectFrom('survey_invitations')
    .innerJoin('surveys', 'surveys.id', 'survey_invitations.survey_id')
    .select(['survey_invitations.id', 'survey_invitations.sent_at', 'survey_invitations.expires_at', 'surveys.name'])
    .where('survey_invitations.contact_id', '=', contactId)
    .where('survey_invitations.status', '=', 'sent')
    .where('survey_invitations.answered_at', 'is', null)
    .where('survey_invitations.expires_at', '>', now)
    .where('surveys.status', '=', 'active')
    .orderBy('survey_invitations.sent_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    survey: r.name,
    sentAt: r.sent_at === null ? null : iso(r.sent_at),
    expiresAt: iso(r.expires_at),
  }));
}

/**
 * A fresh link to one of the contact's pending invitations: only the token's hash is kept, so the customer (signed in
 * to the portal) gets a new one and the link sent earlier stops working; still one answer per invitation.
 */
export async function reissueInvitationLink(
  ctx: AppContext,
  t: Tenant,
  contactId: string,
  invitationId: string,
  now = Date.now(),
): Promise<string> {
  const token = randomToken();
  const done = await t
    .updateTable('survey_invitations')
    .set({ token_hash: hashToken(token) })
    .where('id', '=', invitationId)
    .where('contact_id', '=', contactId)
    .where('status', '=', 'sent')
    .where('answered_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (!Number(done.numUpdatedRows)) throw new AppError('not_found');
  return surveyUrl(ctx, token);
}

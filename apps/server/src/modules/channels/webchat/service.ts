// The website chat channel: the widget's configuration, visitors and their messages.
import { createHmac } from 'node:crypto';
import { type WidgetAppearance, type WidgetConfig, defaultWidgetAppearance } from '@atiende/contract';
import { assertReferences } from '../../../db/references.js';
import { type Tenant, tenant } from '../../../db/tenant.js';
import { type Actor, audit } from '../../../platform/audit.js';
import { addBusinessMinutes, describeBusinessHours, isOpenAt } from '../../../platform/business-hours.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { hashToken, newId, randomToken, safeEqual } from '../../../platform/ids.js';
import { workspaceCalendar } from '../../../platform/workspaces/holidays.js';
import { anyAgentOnline, loadWorkspaceSettings } from '../../../platform/workspaces/service.js';
import { contactForTypedEmail, normalizePhone, workspaceCountry } from '../../contacts/index.js';
import { createDeal } from '../../deals/index.js';
import { receiveAttachment } from '../../conversations/index.js';
import type { Upload } from '../../../platform/storage/uploads.js';
import { receiveMessage } from '../../conversations/index.js';
import { readFile } from '../../../platform/storage/files.js';
import { recordEvent } from '../../conversations/index.js';
import { listMessagesForVisitor, loadConversation, stripVisitor } from '../../conversations/index.js';
import { currentNotice, writeConsent } from '../../consent/index.js';

declare module '../../../platform/jobs.js' {
  interface JobPayloads {
    'webchat.abandonment': { workspaceId: string; visitorId: string; leftAt: number };
  }
}

export interface Visitor {
  id: string;
  workspaceId: string;
  inboxId: string;
  contactId: string;
  name: string;
  email: string;
  /** The email was typed without proof and belongs to another contact. */
  unverified: boolean;
}

/** Every new workspace starts with a web chat inbox, so the widget snippet works from day one. */
export async function provisionWebchatInbox(t: Tenant): Promise<void> {
  const workspace = await t.db
    .selectFrom('workspaces')
    .select('language')
    .where('id', '=', t.workspaceId)
    .executeTakeFirstOrThrow();
  await t
    .insertInto('inboxes', {
      id: newId(),
      channel: 'webchat',
      name: workspace.language === 'en' ? 'Website' : 'Sitio web',
      website_token: randomToken().slice(0, 24),
      settings: '{}',
      created_at: Date.now(),
    })
    .execute();
}

async function inboxByWebsiteToken(ctx: AppContext, websiteToken: string) {
  const inbox = await ctx.db
    .selectFrom('inboxes')
    .select(['id', 'workspace_id', 'name', 'settings'])
    .where('website_token', '=', websiteToken)
    .where('channel', '=', 'webchat')
    .executeTakeFirst();
  if (!inbox) throw new AppError('not_found');
  return inbox;
}

/** The help center's search, when it is open and has something public to find. */
async function helpSearchUrl(ctx: AppContext, workspaceId: string): Promise<string | null> {
  const t = tenant(ctx.db, workspaceId);
  const center = await t.selectFrom('help_centers').select(['slug', 'enabled']).executeTakeFirst();
  if (!center?.enabled) return null;
  const any = await t
    .selectFrom('articles')
    .select('id')
    .where('visibility', '=', 'public')
    .where('status', '=', 'published')
    .limit(1)
    .executeTakeFirst();
  return any ? `${ctx.config.publicUrl}/api/public/help/${center.slug}/search` : null;
}

export async function widgetConfig(ctx: AppContext, websiteToken: string): Promise<WidgetConfig> {
  const inbox = await inboxByWebsiteToken(ctx, websiteToken);
  const workspace = await loadWorkspaceSettings(ctx, inbox.workspace_id);
  const calendar = await workspaceCalendar(ctx, inbox.workspace_id);
  const now = Date.now();
  const openNow = isOpenAt(workspace.businessHours, workspace.timeZone, new Date(now), calendar.holidays);
  const appearance = appearanceOf(inbox.settings);
  return {
    workspaceName: workspace.name,
    language: workspace.language,
    online: await anyAgentOnline(ctx, inbox.workspace_id),
    openNow,
    businessHoursSummary: `${describeBusinessHours(workspace.businessHours, workspace.language)} (${workspace.timeZone})`,
    timeZone: workspace.timeZone,
    privacyNoticeUrl: (await currentNotice(ctx, inbox.workspace_id))?.publicUrl ?? null,
    helpSearchUrl: await helpSearchUrl(ctx, inbox.workspace_id),
    nextOpenAt: openNow
      ? null
      : new Date(
          addBusinessMinutes(workspace.businessHours, workspace.timeZone, now, 0, calendar.holidays),
        ).toISOString(),
    appearance: {
      color: appearance.color,
      position: appearance.position,
      greeting: appearance.greeting,
      whatsappUrl: appearance.whatsappNumber ? `https://wa.me/${appearance.whatsappNumber.replace(/\D/g, '')}` : null,
    },
  };
}

/** How an inbox's website chat looks (the defaults until an administrator changes it). */
export function appearanceOf(settings: string | null): WidgetAppearance {
  return { ...defaultWidgetAppearance, ...settingsOf({ settings }).appearance };
}

/** Changes the chat's colour, corner, greeting and WhatsApp number; the number is checked and kept as E.164. */
export async function setAppearance(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  inboxId: string,
  input: WidgetAppearance,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const inbox = await webchatInbox(t, inboxId);
    let whatsappNumber: string | null = null;
    if (input.whatsappNumber) {
      whatsappNumber = normalizePhone(input.whatsappNumber, await workspaceCountry(t));
      if (!whatsappNumber)
        throw new AppError('validation_failed', [{ path: 'appearance.whatsappNumber', message: 'field.invalidPhone' }]);
    }
    const appearance = { ...input, color: input.color.toLowerCase(), whatsappNumber };
    await t
      .updateTable('inboxes')
      .set({ settings: JSON.stringify({ ...settingsOf(inbox), appearance }) })
      .where('id', '=', inboxId)
      .execute();
    await audit(t, actor, 'inbox.widget_changed', { type: 'inbox', id: inboxId }, {});
  });
}

interface WebchatSettings {
  leadPipelineId?: string | null;
  appearance?: WidgetAppearance;
  /** Signs the identities of the site's signed-in users (HMAC-SHA256 of the email), as Intercom and Chatwoot do. */
  identitySecret?: string;
}

const settingsOf = (inbox: { settings: string | null }) => JSON.parse(inbox.settings || '{}') as WebchatSettings;

async function webchatInbox(t: Tenant, inboxId: string) {
  const inbox = await t
    .selectFrom('inboxes')
    .select(['id', 'settings'])
    .where('id', '=', inboxId)
    .where('channel', '=', 'webchat')
    .executeTakeFirst();
  if (!inbox) throw new AppError('not_found');
  return inbox;
}

/** The identity-verification secret of a website chat inbox, or null until an admin makes one. */
export async function identitySecret(ctx: AppContext, workspaceId: string, inboxId: string): Promise<string | null> {
  return settingsOf(await webchatInbox(tenant(ctx.db, workspaceId), inboxId)).identitySecret ?? null;
}

/** Makes the secret, or replaces it (hashes made with the old one stop working). */
export async function renewIdentitySecret(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  inboxId: string,
): Promise<string> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const settings = settingsOf(await webchatInbox(t, inboxId));
    const secret = randomToken('wis_');
    await t
      .updateTable('inboxes')
      .set({ settings: JSON.stringify({ ...settings, identitySecret: secret }) })
      .where('id', '=', inboxId)
      .execute();
    const action = settings.identitySecret ? 'inbox.identity_secret_rotated' : 'inbox.identity_secret_created';
    await audit(t, actor, action, { type: 'inbox', id: inboxId });
    return secret;
  });
}

/** The hash the company's own server writes into its page for a signed-in user: HMAC-SHA256(secret, email), in hex. */
export function identityHash(secret: string, email: string): string {
  return createHmac('sha256', secret).update(email.trim().toLowerCase()).digest('hex');
}

/** Whether the visitor proved the email with the site's signature; a signature that does not match is refused. */
function provedIdentity(settings: WebchatSettings, email: string, hash: string | undefined): boolean {
  if (hash === undefined) return false;
  const expected = settings.identitySecret ? identityHash(settings.identitySecret, email) : null;
  if (!expected || !safeEqual(hash.toLowerCase(), expected)) throw new AppError('invalid_signature');
  return true;
}

export async function createVisitor(
  ctx: AppContext,
  input: { websiteToken: string; name: string; email: string; pageUrl?: string; identityHash?: string },
) {
  const inbox = await inboxByWebsiteToken(ctx, input.websiteToken);
  const verified = provedIdentity(settingsOf(inbox), input.email, input.identityHash);
  const token = randomToken('wv_');
  const now = Date.now();
  const notice = await currentNotice(ctx, inbox.workspace_id);
  const contact = await tenant(ctx.db, inbox.workspace_id).transaction(async (t) => {
    const found = await contactForTypedEmail(t, { name: input.name, email: input.email, verified });
    // Someone new on the website is a lead when the inbox says so (a pipeline removed since: just the chat).
    const leadPipelineId = settingsOf(inbox).leadPipelineId;
    // Someone claiming a customer's email is most likely that customer: no new lead.
    if (
      found.created &&
      !found.unverified &&
      leadPipelineId &&
      (await t.selectFrom('pipelines').select('id').where('id', '=', leadPipelineId).executeTakeFirst())
    ) {
      await createDeal(
        ctx,
        inbox.workspace_id,
        { type: 'visitor', id: null },
        {
          title: `${input.name} — ${inbox.name}`,
          pipelineId: leadPipelineId,
          value: 0,
          currency: 'MXN',
          taxRate: 16,
          contactId: found.id,
          ownerId: null,
          source: 'widget',
          sourceDetail: input.pageUrl ? input.pageUrl.slice(0, 200) : null,
        },
        t,
      );
    }
    await t
      .insertInto('widget_visitors', {
        id: newId(),
        inbox_id: inbox.id,
        contact_id: found.id,
        token_hash: hashToken(token),
        created_at: now,
        last_seen_at: now,
      })
      .execute();
    // The form shows the notice: starting the chat is consent to its primary purposes, recorded with where it happened.
    for (const purpose of notice?.purposes.filter((p) => p.kind === 'primary') ?? []) {
      await writeConsent(
        t,
        { type: 'visitor', id: null },
        found.id,
        {
          purpose: purpose.key,
          decision: 'granted',
          channel: 'web_chat',
          noticeVersion: notice!.version,
          evidence: input.pageUrl ? `Pre-chat form: ${input.pageUrl.slice(0, 500)}` : 'Pre-chat form',
        },
        now,
      );
    }
    return found;
  });
  // The name typed, never the stored one: the form must not tell who a customer's email belongs to.
  return {
    visitorToken: token,
    name: verified ? contact.name : input.name,
    email: input.email,
    canEmailTranscript: !contact.unverified,
  };
}

export async function visitorByToken(ctx: AppContext, token: string | undefined): Promise<Visitor> {
  if (!token) throw new AppError('unauthenticated');
  const row = await ctx.db
    .selectFrom('widget_visitors')
    .innerJoin('contacts', 'contacts.id', 'widget_visitors.contact_id')
    .select([
      'widget_visitors.id',
      'widget_visitors.workspace_id',
      'widget_visitors.inbox_id',
      'widget_visitors.contact_id',
      'contacts.name',
      'contacts.email',
      'contacts.unverified_email',
    ])
    .where('widget_visitors.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) throw new AppError('unauthenticated');
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    inboxId: row.inbox_id,
    contactId: row.contact_id,
    name: row.name,
    email: row.email ?? row.unverified_email ?? '',
    unverified: row.email === null && row.unverified_email !== null,
  };
}

export async function visitorMessages(ctx: AppContext, visitor: Visitor, after?: string) {
  return listMessagesForVisitor(ctx, visitor.workspaceId, visitor.id, after);
}

export async function postVisitorMessage(
  ctx: AppContext,
  visitor: Visitor,
  input: { body: string; clientMessageId?: string },
) {
  const { message } = await receiveMessage(ctx, visitor.workspaceId, {
    inboxId: visitor.inboxId,
    channel: 'webchat',
    contactId: visitor.contactId,
    senderName: visitor.name,
    body: input.body,
    sourceId: `widget:${visitor.id}:${input.clientMessageId ?? newId()}`,
    visitorId: visitor.id,
  });
  return message;
}

/** A file the visitor sends from the widget; a retry with the same clientMessageId stores it once. */
export async function postVisitorAttachment(
  ctx: AppContext,
  visitor: Visitor,
  upload: Upload,
  clientMessageId?: string,
) {
  const { message } = await receiveAttachment(
    ctx,
    visitor.workspaceId,
    {
      inboxId: visitor.inboxId,
      channel: 'webchat',
      contactId: visitor.contactId,
      senderName: visitor.name,
      sourceId: `widget:${visitor.id}:${clientMessageId ?? newId()}`,
      visitorId: visitor.id,
    },
    upload,
  );
  return message;
}

/** A file of the visitor's own conversation (theirs or the agents'): never a file of anyone else's, nor a note's. */
export async function visitorFile(ctx: AppContext, visitor: Visitor, fileId: string) {
  const t = tenant(ctx.db, visitor.workspaceId);
  const owned = await t
    .selectFrom('files')
    .innerJoin('messages', 'messages.id', 'files.message_id')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select('files.id')
    .where('files.id', '=', fileId)
    .where('conversations.visitor_id', '=', visitor.id)
    .where('messages.is_private', '=', 0)
    .executeTakeFirst();
  if (!owned) throw new AppError('not_found');
  return readFile(t, fileId);
}

/** A visitor who closed the chat and is not back after this, while still waiting for an answer, abandoned it. */
export const ABANDONED_AFTER_MS = 5 * 60_000;

/** The widget opened its socket: the visitor is here (on whichever process). */
export async function visitorArrived(ctx: AppContext, visitor: Visitor, now = Date.now()): Promise<void> {
  await tenant(ctx.db, visitor.workspaceId)
    .updateTable('widget_visitors')
    .set({ last_seen_at: now })
    .where('id', '=', visitor.id)
    .execute();
}

/** The visitor's last socket closed: whether they abandoned a wait is decided a little later, by a job. */
export async function visitorLeft(ctx: AppContext, visitor: Visitor, now = Date.now()): Promise<void> {
  const t = tenant(ctx.db, visitor.workspaceId);
  await t.updateTable('widget_visitors').set({ last_seen_at: now }).where('id', '=', visitor.id).execute();
  const waiting = await t
    .selectFrom('conversations')
    .select('id')
    .where('visitor_id', '=', visitor.id)
    .where('waiting_since', 'is not', null)
    .where('status', '=', 'open')
    .where('abandoned_at', 'is', null)
    .executeTakeFirst();
  if (waiting)
    await ctx.jobs.enqueue(
      'webchat.abandonment',
      { workspaceId: visitor.workspaceId, visitorId: visitor.id, leftAt: now },
      { runAt: now + ABANDONED_AFTER_MS },
    );
}

/** Not back since leaving, and still waiting: the conversation records when they gave up (customer effort, reports). */
export async function recordAbandonment(
  ctx: AppContext,
  input: { workspaceId: string; visitorId: string; leftAt: number },
): Promise<number> {
  const t = tenant(ctx.db, input.workspaceId);
  const visitor = await t
    .selectFrom('widget_visitors')
    .select('last_seen_at')
    .where('id', '=', input.visitorId)
    .executeTakeFirst();
  if (!visitor || visitor.last_seen_at > input.leftAt) return 0;
  const left = await t
    .selectFrom('conversations')
    .select(['id', 'waiting_since', 'first_response_at'])
    .where('visitor_id', '=', input.visitorId)
    .where('status', '=', 'open')
    .where('waiting_since', 'is not', null)
    .where('waiting_since', '<=', input.leftAt)
    .where('abandoned_at', 'is', null)
    .execute();
  for (const c of left) {
    await t.transaction(async (tx) => {
      await tx
        .updateTable('conversations')
        .set({ abandoned_at: input.leftAt })
        .where('id', '=', c.id)
        .where('abandoned_at', 'is', null)
        .execute();
      await recordEvent(
        tx,
        c.id,
        'abandoned',
        { type: 'visitor', id: null },
        { waitedMs: input.leftAt - c.waiting_since!, beforeFirstResponse: c.first_response_at === null },
        input.leftAt,
      );
    });
    ctx.events.publish({
      type: 'conversation.updated',
      workspaceId: input.workspaceId,
      conversation: stripVisitor(await loadConversation(t, c.id)),
    });
  }
  return left.length;
}

const TRANSCRIPT_EVERY_MS = 5 * 60_000;

/** The visitor asks for the conversation by email: queued as a mail job (sent once SMTP is configured). */
export async function mailTranscript(ctx: AppContext, visitor: Visitor, now = Date.now()): Promise<void> {
  // An address typed without proof that belongs to a customer: no mail in the company's name goes there.
  if (visitor.unverified) throw new AppError('forbidden');
  // The address is whatever the visitor typed: one transcript every few minutes keeps this from being a mail cannon.
  const claimed = await tenant(ctx.db, visitor.workspaceId)
    .updateTable('widget_visitors')
    .set({ transcript_sent_at: now })
    .where('id', '=', visitor.id)
    .where((eb) =>
      eb.or([eb('transcript_sent_at', 'is', null), eb('transcript_sent_at', '<', now - TRANSCRIPT_EVERY_MS)]),
    )
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) throw new AppError('too_many_attempts');
  const messages = await listMessagesForVisitor(ctx, visitor.workspaceId, visitor.id);
  const workspace = await loadWorkspaceSettings(ctx, visitor.workspaceId);
  const es = workspace.language === 'es';
  const when = (iso: string) =>
    new Intl.DateTimeFormat(workspace.language, {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: workspace.timeZone,
    }).format(new Date(iso));
  const lines = messages.map(
    (m) =>
      `[${when(m.createdAt)}] ${m.direction === 'incoming' ? visitor.name : (m.senderName ?? workspace.name)}: ${m.body}`,
  );
  const text = [
    es
      ? `Hola ${visitor.name}, esta es tu conversación con ${workspace.name}:`
      : `Hi ${visitor.name}, here is your conversation with ${workspace.name}:`,
    '',
    ...lines,
    '',
  ].join('\n');
  await ctx.jobs.enqueue('mail.send', {
    to: visitor.email,
    subject: es ? `Tu conversación con ${workspace.name}` : `Your conversation with ${workspace.name}`,
    text,
  });
  ctx.jobs.nudge();
}

/** Whether a new website visitor opens a deal, and in which pipeline (admins). */
export async function setLeadPipeline(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  inboxId: string,
  leadPipelineId: string | null,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const inbox = await t
      .selectFrom('inboxes')
      .select(['settings'])
      .where('id', '=', inboxId)
      .where('channel', '=', 'webchat')
      .executeTakeFirst();
    if (!inbox) throw new AppError('not_found');
    await assertReferences(t, [
      { table: 'pipelines', id: leadPipelineId, path: 'leadPipelineId', message: 'field.noSuchPipeline' },
    ]);
    await t
      .updateTable('inboxes')
      .set({ settings: JSON.stringify({ ...settingsOf(inbox), leadPipelineId }) })
      .where('id', '=', inboxId)
      .execute();
    await audit(t, actor, 'inbox.leads_changed', { type: 'inbox', id: inboxId }, { leadPipelineId });
  });
}

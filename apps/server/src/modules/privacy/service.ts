// Privacy under Mexico's LFPDPPP: ARCO requests with their legal deadlines, and cancellation in two steps: block, then
// erase (the notice and each contact's consents are the consent module's).
import type {
  ArcoKind,
  ArcoStatus,
  ConsentState,
  ContactPrivacy,
  PrivacyChannel,
  PrivacyPurpose,
  PrivacyRequest,
} from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit, forgetSubject } from '../../platform/audit.js';
import { addBusinessDays } from '../../platform/business-hours.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { workspaceCalendar } from '../../platform/workspaces/holidays.js';
import { eraseContactRecord, hideContactFromChannels } from '../contacts/index.js';
import { deleteNotesOf } from '../notes/index.js';
import { eraseIncidentsOf } from '../incidents/index.js';
import { scrubImports } from '../imports/index.js';
import { noticeRow, toConsentRecord, writeConsent } from '../consent/index.js';

/** LFPDPPP: the answer is due 20 business days after the request; a granted request is carried out within 15 more. */
export const ANSWER_BUSINESS_DAYS = 20;
export const EFFECTIVE_BUSINESS_DAYS = 15;

export async function recordConsent(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  contactId: string,
  input: Parameters<typeof writeConsent>[3],
): Promise<ContactPrivacy> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertContact(t, contactId);
    await writeConsent(t, actor, contactId, input);
  });
  return contactPrivacy(ctx, workspaceId, contactId);
}

async function assertContact(t: Tenant, contactId: string) {
  const row = await t
    .selectFrom('contacts')
    .select(['id', 'name', 'privacy_blocked_at', 'privacy_erase_at'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function contactPrivacy(ctx: AppContext, workspaceId: string, contactId: string): Promise<ContactPrivacy> {
  const t = tenant(ctx.db, workspaceId);
  const contact = await assertContact(t, contactId);
  const [notice, states, history, requests] = await Promise.all([
    noticeRow(t),
    t.selectFrom('consents').selectAll().where('contact_id', '=', contactId).execute(),
    t
      .selectFrom('consent_records')
      .selectAll()
      .where('contact_id', '=', contactId)
      .orderBy('recorded_at', 'desc')
      .orderBy('id', 'desc')
      .limit(500)
      .execute(),
    listRequests(ctx, workspaceId, { status: 'all', contactId }),
  ]);
  const purposes = notice ? (JSON.parse(notice.purposes) as PrivacyPurpose[]) : [];
  const blocked = contact.privacy_blocked_at !== null;
  const consents: ConsentState[] = purposes.map((p) => {
    const state = states.find((s) => s.purpose === p.key);
    return {
      purpose: p.key,
      name: p.name,
      kind: p.kind,
      decision: (state?.decision ?? null) as ConsentState['decision'],
      allowed: !blocked && state?.decision !== 'revoked',
      since: iso(state?.updated_at),
    };
  });
  return {
    blockedAt: iso(contact.privacy_blocked_at),
    eraseAt: iso(contact.privacy_erase_at),
    noticeVersion: notice?.version ?? null,
    consents,
    history: history.map(toConsentRecord),
    requests,
  };
}

// ---------------------------------------------------------------- ARCO requests

const OPEN: ArcoStatus[] = ['received', 'in_progress'];

async function deadlines(ctx: AppContext, workspaceId: string) {
  const calendar = await workspaceCalendar(ctx, workspaceId);
  return (from: number, days: number) =>
    addBusinessDays(calendar.businessHours, calendar.timeZone, from, days, calendar.holidays);
}

export async function listRequests(
  ctx: AppContext,
  workspaceId: string,
  query: { status: 'open' | 'closed' | 'all'; contactId?: string },
): Promise<PrivacyRequest[]> {
  let q = tenant(ctx.db, workspaceId)
    .selectFrom('privacy_requests')
    .leftJoin('contacts', 'contacts.id', 'privacy_requests.contact_id')
    .selectAll('privacy_requests')
    .select('contacts.name as contact_name');
  if (query.status === 'open') q = q.where('privacy_requests.status', 'in', OPEN);
  if (query.status === 'closed') q = q.where('privacy_requests.status', 'not in', OPEN);
  if (query.contactId) q = q.where('privacy_requests.contact_id', '=', query.contactId);
  const rows = await q.orderBy('privacy_requests.due_at').orderBy('privacy_requests.id').limit(1000).execute();
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ArcoKind,
    contactId: r.contact_id,
    contactName: r.contact_name,
    requesterName: r.requester_name,
    requesterEmail: r.requester_email,
    channel: r.channel as PrivacyChannel,
    details: r.details,
    status: r.status as ArcoStatus,
    response: r.response,
    receivedAt: iso(r.received_at),
    dueAt: iso(r.due_at),
    answeredAt: iso(r.answered_at),
    effectiveDueAt: iso(r.effective_due_at),
    overdue: OPEN.includes(r.status as ArcoStatus)
      ? now > r.due_at
      : r.answered_at !== null && r.answered_at > r.due_at,
    createdAt: iso(r.created_at),
  }));
}

async function getRequest(ctx: AppContext, workspaceId: string, id: string): Promise<PrivacyRequest> {
  const all = await listRequests(ctx, workspaceId, { status: 'all' });
  const found = all.find((r) => r.id === id);
  if (!found) throw new AppError('not_found');
  return found;
}

export async function createRequest(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: {
    kind: ArcoKind;
    contactId?: string | null;
    requesterName: string;
    requesterEmail?: string | null;
    channel: PrivacyChannel;
    details: string;
    receivedAt?: string;
  },
): Promise<PrivacyRequest> {
  const now = Date.now();
  const receivedAt = input.receivedAt ? Date.parse(input.receivedAt) : now;
  if (receivedAt > now + 60_000)
    throw new AppError('validation_failed', [{ path: 'receivedAt', message: 'field.inFuture' }]);
  const dueAt = (await deadlines(ctx, workspaceId))(receivedAt, ANSWER_BUSINESS_DAYS);
  const id = newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (input.contactId) await assertContactField(t, input.contactId);
    await t
      .insertInto('privacy_requests', {
        id,
        contact_id: input.contactId ?? null,
        kind: input.kind,
        requester_name: input.requesterName,
        requester_email: input.requesterEmail ?? null,
        channel: input.channel,
        details: input.details,
        status: 'received',
        response: null,
        received_at: receivedAt,
        due_at: dueAt,
        answered_at: null,
        effective_due_at: null,
        created_by: actor.type === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await audit(
      t,
      actor,
      'privacy.request_received',
      { type: 'privacy_request', id },
      { kind: input.kind, contactId: input.contactId ?? null },
    );
  });
  return getRequest(ctx, workspaceId, id);
}

async function assertContactField(t: Tenant, contactId: string) {
  const found = await t.selectFrom('contacts').select('id').where('id', '=', contactId).executeTakeFirst();
  if (!found) throw new AppError('validation_failed', [{ path: 'contactId', message: 'field.noSuchContact' }]);
}

export async function updateRequest(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  patch: { status?: ArcoStatus; response?: string | null; contactId?: string | null },
): Promise<PrivacyRequest> {
  const deadline = await deadlines(ctx, workspaceId);
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const current = await t.selectFrom('privacy_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw new AppError('not_found');
    const now = Date.now();
    const set: Record<string, unknown> = { updated_at: now };
    if (patch.contactId !== undefined) {
      if (patch.contactId) await assertContactField(t, patch.contactId);
      set.contact_id = patch.contactId;
    }
    if (patch.response !== undefined) set.response = patch.response;
    if (patch.status !== undefined && patch.status !== current.status) {
      const closing = !OPEN.includes(patch.status);
      // An answer (or a refusal) must say something to the person: LFPDPPP asks for the reasons of a refusal.
      const response = patch.response !== undefined ? patch.response : current.response;
      if (closing && !response)
        throw new AppError('validation_failed', [{ path: 'response', message: 'field.responseRequired' }]);
      set.status = patch.status;
      set.answered_at = closing ? now : null;
      set.effective_due_at = patch.status === 'answered' ? deadline(now, EFFECTIVE_BUSINESS_DAYS) : null;
    }
    await t.updateTable('privacy_requests').set(set).where('id', '=', id).execute();
    await audit(
      t,
      actor,
      'privacy.request_updated',
      { type: 'privacy_request', id },
      { fields: Object.keys(patch), status: patch.status ?? current.status },
    );
  });
  return getRequest(ctx, workspaceId, id);
}

// ---------------------------------------------------------------- cancellation: block, then erase

/** Step one: the contact disappears for agents, segments, automations and channels; only owners and admins see it. */
export async function blockContact(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  contactId: string,
  input: { eraseAfterDays?: number | null; requestId?: string | null },
): Promise<ContactPrivacy> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const contact = await assertContact(t, contactId);
    const now = Date.now();
    const eraseAt =
      input.eraseAfterDays === null || input.eraseAfterDays === undefined
        ? null
        : now + input.eraseAfterDays * 86_400_000;
    await t
      .updateTable('contacts')
      .set({ privacy_blocked_at: contact.privacy_blocked_at ?? now, privacy_erase_at: eraseAt })
      .where('id', '=', contactId)
      .execute();
    await hideContactFromChannels(t, contactId);
    await audit(
      t,
      actor,
      'privacy.contact_blocked',
      { type: 'contact', id: contactId },
      { eraseAt: iso(eraseAt), requestId: input.requestId ?? null },
    );
  });
  return contactPrivacy(ctx, workspaceId, contactId);
}

export async function unblockContact(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  contactId: string,
): Promise<ContactPrivacy> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await assertContact(t, contactId);
    await t
      .updateTable('contacts')
      .set({ privacy_blocked_at: null, privacy_erase_at: null })
      .where('id', '=', contactId)
      .execute();
    await audit(t, actor, 'privacy.contact_unblocked', { type: 'contact', id: contactId });
  });
  return contactPrivacy(ctx, workspaceId, contactId);
}

/**
 * Step two, for good and all at once: the contact's row, emails and phones, companies links, tags, notes,
 * conversations and messages, consents, the audit entries that quoted their data, their lines in kept import files,
 * and their words in the search index. What stays: one audit line saying a contact was erased (no personal data)
 * and the ARCO request itself, which the law asks us to keep as proof of the answer.
 */
export async function eraseContact(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  contactId: string,
  input: { confirmName?: string; requestId?: string | null },
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const contact = await assertContact(t, contactId);
    if (contact.privacy_blocked_at === null) throw new AppError('privacy_not_blocked');
    if (
      input.confirmName !== undefined &&
      input.confirmName.trim().toLowerCase() !== contact.name.trim().toLowerCase()
    ) {
      throw new AppError('validation_failed', [{ path: 'confirmName', message: 'field.nameMismatch' }]);
    }
    const identities = await t
      .selectFrom('contact_identities')
      .select(['kind', 'value'])
      .where('contact_id', '=', contactId)
      .execute();
    await deleteNotesOf(t, 'contact', contactId);
    await eraseIncidentsOf(t, contactId);
    await scrubImports(t, {
      name: contact.name,
      emails: identities.filter((i) => i.kind === 'email').map((i) => i.value),
      phones: identities.filter((i) => i.kind === 'phone').map((i) => i.value),
    });
    await forgetSubject(t, { type: 'contact', id: contactId });
    await t.updateTable('privacy_requests').set({ contact_id: null }).where('contact_id', '=', contactId).execute();
    await eraseContactRecord(t, contactId);
    await audit(
      t,
      actor,
      'privacy.contact_erased',
      { type: 'contact', id: contactId },
      { requestId: input.requestId ?? null },
    );
  });
}

/** Blocked contacts whose scheduled erasure has come; run by housekeeping on every process (idempotent). */
export async function eraseDueContacts(ctx: AppContext, now = Date.now()): Promise<number> {
  const due = await ctx.db
    .selectFrom('contacts')
    .select(['id', 'workspace_id'])
    .where('privacy_erase_at', '<=', now)
    .where('privacy_blocked_at', 'is not', null)
    .limit(500)
    .execute();
  for (const c of due) {
    try {
      await eraseContact(ctx, c.workspace_id, { type: 'system', id: null }, c.id, {});
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'not_found')) throw err;
    }
  }
  return due.length;
}

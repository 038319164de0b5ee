// The workspace's versioned privacy notice (LFPDPPP) and what each contact agreed to or opted out of, per purpose:
// the channels that collect data (the chat widget, lead forms) record consent here, and whatever writes to a
// customer asks `allows` first. ARCO requests, blocking and erasure are the privacy module's, above this one.
import type {
  ConsentRecord,
  PrivacyChannel,
  PrivacyNotice,
  PrivacyNoticeVersion,
  PrivacyPurpose,
} from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';

// ---------------------------------------------------------------- the notice

export function publicNoticeUrl(ctx: AppContext, workspaceId: string): string {
  return `${ctx.config.publicUrl}/privacy/${workspaceId}`;
}

export async function noticeRow(t: Tenant, version?: number) {
  let q = t.selectFrom('privacy_notices').selectAll();
  q = version === undefined ? q.orderBy('version', 'desc') : q.where('version', '=', version);
  return q.limit(1).executeTakeFirst();
}

export async function currentNotice(
  ctx: AppContext,
  workspaceId: string,
  version?: number,
): Promise<PrivacyNotice | null> {
  const row = await noticeRow(tenant(ctx.db, workspaceId), version);
  if (!row) return null;
  return {
    version: row.version,
    body: row.body,
    purposes: JSON.parse(row.purposes) as PrivacyPurpose[],
    publishedAt: iso(row.published_at),
    publishedBy: row.published_by,
    publicUrl: publicNoticeUrl(ctx, workspaceId),
  };
}

export async function noticeVersions(ctx: AppContext, workspaceId: string): Promise<PrivacyNoticeVersion[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('privacy_notices')
    .select(['version', 'published_at', 'published_by'])
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, publishedAt: iso(r.published_at), publishedBy: r.published_by }));
}

/** A notice is never edited: publishing writes the next version, so every consent keeps the text it was given under. */
export async function publishNotice(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { body: string; purposes: PrivacyPurpose[] },
): Promise<PrivacyNotice> {
  const version = await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const last = await noticeRow(t);
    const next = (last?.version ?? 0) + 1;
    await t
      .insertInto('privacy_notices', {
        version: next,
        body: input.body,
        purposes: JSON.stringify(input.purposes),
        published_by: actor.type === 'user' ? actor.id : null,
        published_at: Date.now(),
      })
      .execute();
    await audit(
      t,
      actor,
      'privacy.notice_published',
      { type: 'workspace', id: workspaceId },
      { version: next, purposes: input.purposes.map((p) => p.key) },
    );
    return next;
  });
  return (await currentNotice(ctx, workspaceId, version))!;
}

// ---------------------------------------------------------------- consent

/**
 * May the contact's data be used for this purpose now? Tacit consent (LFPDPPP art. 8): once the notice is available,
 * a purpose is allowed unless the contact opted out of it; a blocked contact is used for nothing.
 * Later features (campaigns, surveys, automations) ask here before they write to anyone.
 */
export async function allows(t: Tenant, contactId: string, purpose: string): Promise<boolean> {
  const contact = await t
    .selectFrom('contacts')
    .select('privacy_blocked_at')
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact || contact.privacy_blocked_at !== null) return false;
  const consent = await t
    .selectFrom('consents')
    .select('decision')
    .where('contact_id', '=', contactId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  return consent?.decision !== 'revoked';
}

/** Records a grant or a revocation (opt-out) inside the caller's transaction; the current state follows the last one. */
export async function writeConsent(
  t: Tenant,
  actor: Actor,
  contactId: string,
  input: {
    purpose: string;
    decision: 'granted' | 'revoked';
    channel: PrivacyChannel;
    noticeVersion?: number;
    evidence?: string | null;
  },
  now = Date.now(),
): Promise<void> {
  const notice = await noticeRow(t, input.noticeVersion);
  if (!notice)
    throw new AppError(
      input.noticeVersion ? 'validation_failed' : 'privacy_notice_missing',
      input.noticeVersion ? [{ path: 'noticeVersion', message: 'field.unknownNoticeVersion' }] : undefined,
    );
  const purposes = JSON.parse(notice.purposes) as PrivacyPurpose[];
  if (!purposes.some((p) => p.key === input.purpose))
    throw new AppError('validation_failed', [{ path: 'purpose', message: 'field.unknownPurpose' }]);
  await t
    .insertInto('consent_records', {
      id: newId(),
      contact_id: contactId,
      purpose: input.purpose,
      decision: input.decision,
      channel: input.channel,
      notice_version: notice.version,
      evidence: input.evidence ?? null,
      recorded_by: actor.type === 'user' ? actor.id : null,
      recorded_at: now,
    })
    .execute();
  const updated = await t
    .updateTable('consents')
    .set({ decision: input.decision, updated_at: now })
    .where('contact_id', '=', contactId)
    .where('purpose', '=', input.purpose)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0)
    await t
      .insertInto('consents', {
        contact_id: contactId,
        purpose: input.purpose,
        decision: input.decision,
        updated_at: now,
      })
      .execute();
  await audit(
    t,
    actor,
    input.decision === 'granted' ? 'privacy.consent_granted' : 'privacy.consent_revoked',
    { type: 'contact', id: contactId },
    { purpose: input.purpose, channel: input.channel, noticeVersion: notice.version },
  );
}

export function toConsentRecord(r: {
  id: string;
  purpose: string;
  decision: string;
  channel: string;
  notice_version: number | null;
  evidence: string | null;
  recorded_by: string | null;
  recorded_at: number;
}): ConsentRecord {
  return {
    id: r.id,
    purpose: r.purpose,
    decision: r.decision as ConsentRecord['decision'],
    channel: r.channel as PrivacyChannel,
    noticeVersion: r.notice_version,
    evidence: r.evidence,
    recordedBy: r.recorded_by,
    recordedAt: iso(r.recorded_at),
  };
}

/** Everything recorded about consents, for the contact's export. */
export async function consentHistory(t: Tenant, contactId: string): Promise<ConsentRecord[]> {
  const rows = await t
    .selectFrom('consent_records')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('recorded_at')
    .execute();
  return rows.map(toConsentRecord);
}

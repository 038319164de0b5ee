// Finding contacts that are the same person (same email or phone, or the same name written alike) and merging two
// into one: everything attached to either stays, in one transaction, recorded in the audit log.
import type { DuplicateGroup } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { fold } from '../../platform/search.js';
import { getContact, mergeProfile, refreshContactSearch } from './service.js';
import { raiseEvent } from '../../platform/business-events.js';
import { iso } from '../../platform/time.js';

/**
 * What makes two names "the same" for duplicate hunting: accents, case and word order set aside ("Peña Rosa" and
 * "rosa pena"). A single word ("Ana") says too little and gives no key.
 */
export function nameKey(name: string): string | null {
  const words = fold(name)
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .sort();
  return words.length < 2 ? null : words.join(' ');
}

export async function findDuplicates(ctx: AppContext, workspaceId: string, limit = 100): Promise<DuplicateGroup[]> {
  const t = tenant(ctx.db, workspaceId);
  const shared = await t
    .selectFrom('contact_identities')
    .select((eb) => ['kind', 'value', eb.fn.count<number>('contact_id').distinct().as('n')])
    .groupBy(['kind', 'value'])
    .having((eb) => eb.fn.count('contact_id').distinct(), '>', 1)
    .limit(limit)
    .execute();
  const groups: { reason: DuplicateGroup['reason']; value: string; ids: string[] }[] = [];
  for (const s of shared) {
    const ids = await t
      .selectFrom('contact_identities')
      .select('contact_id')
      .distinct()
      .where('kind', '=', s.kind)
      .where('value', '=', s.value)
      .execute();
    groups.push({ reason: s.kind as 'email' | 'phone', value: s.value, ids: ids.map((r) => r.contact_id) });
  }
  // Someone who typed a customer's email without proof (website chat, forms) is offered beside that customer.
  const claims = await t
    .selectFrom('contacts')
    .innerJoin('contact_identities', (join) =>
      join
        .onRef('contact_identities.value', '=', 'contacts.unverified_email')
        .onRef('contact_identities.workspace_id', '=', 'contacts.workspace_id')
        .on('contact_identities.kind', '=', 'email'),
    )
    .select(['contacts.id as claimant', 'contact_identities.contact_id as owner', 'contacts.unverified_email as email'])
    .where('contacts.unverified_email', 'is not', null)
    .limit(limit)
    .execute();
  for (const c of claims) {
    const group = groups.find((g) => g.reason === 'email' && g.value === c.email);
    if (group) group.ids = [...new Set([...group.ids, c.claimant])];
    else if (groups.length < limit) groups.push({ reason: 'email', value: c.email!, ids: [c.owner, c.claimant] });
  }
  const names = await t.selectFrom('contacts').select(['id', 'name']).where('privacy_blocked_at', 'is', null).execute();
  const byName = new Map<string, string[]>();
  for (const n of names) {
    const key = nameKey(n.name);
    if (key) byName.set(key, [...(byName.get(key) ?? []), n.id]);
  }
  for (const [key, ids] of byName)
    if (ids.length > 1 && groups.length < limit) groups.push({ reason: 'name', value: key, ids });
  const all = [...new Set(groups.flatMap((g) => g.ids))];
  // Blocked contacts (privacy) are nobody's duplicate: a group needs two visible people.
  const rows = all.length
    ? await t
        .selectFrom('contacts')
        .select(['id', 'name', 'email', 'phone', 'created_at'])
        .where('id', 'in', all)
        .where('privacy_blocked_at', 'is', null)
        .execute()
    : [];
  return groups
    .map((g) => ({
      reason: g.reason,
      value: g.value,
      contacts: g.ids
        .map((id) => rows.find((r) => r.id === id)!)
        .filter(Boolean)
        .map((r) => ({ id: r.id, name: r.name, email: r.email, phone: r.phone, createdAt: iso(r.created_at) })),
    }))
    .filter((g) => g.contacts.length > 1);
}

const columns = {
  name: 'name',
  status: 'status',
  ownerId: 'owner_id',
  whatsappId: 'whatsapp_id',
  website: 'website',
  language: 'language',
  source: 'source',
  address: 'address',
} as const;

export async function mergeContacts(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { keepId: string; mergeId: string; take: (keyof typeof columns)[] },
) {
  if (input.keepId === input.mergeId)
    throw new AppError('validation_failed', [{ path: 'mergeId', message: 'field.sameContact' }]);
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const keep = await t.selectFrom('contacts').selectAll().where('id', '=', input.keepId).executeTakeFirst();
    const merge = await t.selectFrom('contacts').selectAll().where('id', '=', input.mergeId).executeTakeFirst();
    if (!keep || !merge || keep.privacy_blocked_at !== null || merge.privacy_blocked_at !== null)
      throw new AppError('not_found');
    await moveAttachments(t, keep.id, merge.id);
    const set: Record<string, unknown> = { updated_at: Date.now() };
    for (const field of input.take) set[columns[field]] = merge[columns[field]];
    // Profile sections: the kept contact's answers win; the merged one fills what is missing.
    const profile = mergeProfile(JSON.parse(merge.profile), JSON.parse(keep.profile));
    set.profile = JSON.stringify(profile);
    set.custom = JSON.stringify({ ...(JSON.parse(merge.custom) as object), ...(JSON.parse(keep.custom) as object) });
    set.total_spent = profile.transactional?.totalSpent ?? null;
    const primary = await t
      .selectFrom('contact_identities')
      .select(['kind', 'value'])
      .where('contact_id', '=', keep.id)
      .orderBy('position')
      .execute();
    set.email = primary.find((i) => i.kind === 'email')?.value ?? null;
    set.phone = primary.find((i) => i.kind === 'phone')?.value ?? null;
    // Merging is the agent saying both are one person: the address is theirs, no longer a claim.
    set.unverified_email = null;
    await t.updateTable('contacts').set(set).where('id', '=', keep.id).execute();
    // Raised while the merged record still exists: what other modules keep of it (usage readings…) moves over first.
    const name = (set.name as string | undefined) ?? keep.name;
    const ownerId = (set.owner_id as string | null | undefined) ?? keep.owner_id;
    await raiseEvent(ctx, t, {
      name: 'contact.merged',
      data: { contact: { id: keep.id, mergedId: merge.id, name, ownerId } },
    });
    await t.deleteFrom('contacts').where('id', '=', merge.id).execute();
    await refreshContactSearch(t, keep.id);
    await audit(
      t,
      actor,
      'contact.merged',
      { type: 'contact', id: keep.id },
      { merged: { id: merge.id, name: merge.name, email: merge.email, phone: merge.phone }, took: input.take },
    );
  });
  return getContact(ctx, workspaceId, input.keepId);
}

/** Conversations, notes, visitors, companies, tags, identities and history of the merged contact move to the kept one. */
async function moveAttachments(t: Tenant, keepId: string, mergeId: string): Promise<void> {
  await t.updateTable('conversations').set({ contact_id: keepId }).where('contact_id', '=', mergeId).execute();
  await t
    .updateTable('messages')
    .set({ sender_id: keepId })
    .where('sender_type', '=', 'contact')
    .where('sender_id', '=', mergeId)
    .execute();
  await t.updateTable('widget_visitors').set({ contact_id: keepId }).where('contact_id', '=', mergeId).execute();
  await t
    .updateTable('notes')
    .set({ subject_id: keepId })
    .where('subject_type', '=', 'contact')
    .where('subject_id', '=', mergeId)
    .execute();
  await t
    .updateTable('audit_log')
    .set({ subject_id: keepId })
    .where('subject_type', '=', 'contact')
    .where('subject_id', '=', mergeId)
    .execute();
  // What else names the contact: its incidents, surveys, follow-ups, deals, projects and quotes stay with the person, not the
  // duplicate.
  for (const table of [
    'incidents',
    'survey_invitations',
    'survey_responses',
    'tasks',
    'deals',
    'conversation_facts',
    'projects',
    'project_participants',
    'project_events',
    'quotes',
    'subscriptions',
  ] as const) {
    await t.updateTable(table).set({ contact_id: keepId }).where('contact_id', '=', mergeId).execute();
  }
  await t
    .updateTable('project_files')
    .set({ uploaded_by_contact: keepId })
    .where('uploaded_by_contact', '=', mergeId)
    .execute();
  const keepIdentities = await t
    .selectFrom('contact_identities')
    .select(['kind', 'value'])
    .where('contact_id', '=', keepId)
    .execute();
  const count = keepIdentities.length;
  const moving = await t
    .selectFrom('contact_identities')
    .select(['id', 'kind', 'value'])
    .where('contact_id', '=', mergeId)
    .orderBy('position')
    .execute();
  let position = count;
  for (const identity of moving) {
    if (keepIdentities.some((k) => k.kind === identity.kind && k.value === identity.value)) continue;
    await t
      .updateTable('contact_identities')
      .set({ contact_id: keepId, position: position++ })
      .where('id', '=', identity.id)
      .execute();
  }
  const tags = await t
    .selectFrom('record_tags')
    .select('tag')
    .where('entity', '=', 'contact')
    .where('record_id', '=', mergeId)
    .execute();
  if (tags.length)
    await t
      .insertInto(
        'record_tags',
        tags.map((x) => ({ entity: 'contact', record_id: keepId, tag: x.tag })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  await t.deleteFrom('record_tags').where('entity', '=', 'contact').where('record_id', '=', mergeId).execute();
  const links = await t
    .selectFrom('contact_companies')
    .select(['company_id', 'role', 'created_at'])
    .where('contact_id', '=', mergeId)
    .execute();
  if (links.length)
    await t
      .insertInto(
        'contact_companies',
        links.map((l) => ({ contact_id: keepId, company_id: l.company_id, role: l.role, created_at: l.created_at })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
}

// The customer portal: a customer signs in with a one-time link sent to their email, and then sees only what is
// theirs: the projects they are the customer of or take part in (progress, files, the public timeline), their
// conversations and incidents, and the surveys waiting for their answer. They comment, upload files, approve a file
// or ask for a change. Every read here starts from the signed-in contact; nothing is reached by id alone.
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import { Throttle } from '../../platform/auth/throttle.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { hashToken, newId, randomToken } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { addDocumentVersion, listDocuments } from '../projects/index.js';
import { projectFigures, recordEvent, referenceOf, touchProject } from '../projects/index.js';
import { projectTimeline } from '../projects/index.js';
import { quotesOfContact } from '../quotes/index.js';
import { pendingInvitationsOf } from '../surveys/index.js';

export const PORTAL_COOKIE = 'atiende_portal';
const LINK_TTL_MS = 30 * 60_000;
export const PORTAL_SESSION_TTL_MS = 7 * 86_400_000;

export interface PortalVisitor {
  workspaceId: string;
  contactId: string;
  contactName: string;
  company: string;
  language: 'es' | 'en';
  slug: string;
}

// ── The portal's address ─────────────────────────────────────────────────────

const slugOf = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'portal';

/** The workspace's portal, made on first use with an address from its name (and a few random letters). */
export async function ensurePortal(ctx: AppContext, workspaceId: string): Promise<{ slug: string; enabled: boolean }> {
  const found = await ctx.db
    .selectFrom('portals')
    .select(['slug', 'enabled'])
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (found) return { slug: found.slug, enabled: found.enabled === 1 };
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  const slug = `${slugOf(settings.name)}-${randomToken()
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 6)
    .toLowerCase()}`;
  await ctx.db
    .insertInto('portals')
    .values({ workspace_id: workspaceId, slug, enabled: 1, created_at: Date.now() })
    .onConflict((oc) => oc.column('workspace_id').doNothing())
    .execute();
  return ensurePortal(ctx, workspaceId);
}

export const portalUrl = (ctx: AppContext, slug: string) => `${ctx.config.publicUrl}/portal/${slug}`;

export async function portalSettings(ctx: AppContext, workspaceId: string) {
  const portal = await ensurePortal(ctx, workspaceId);
  return { url: portalUrl(ctx, portal.slug), enabled: portal.enabled };
}

export async function setPortalEnabled(ctx: AppContext, workspaceId: string, actor: Actor, enabled: boolean) {
  await ensurePortal(ctx, workspaceId);
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    await t
      .updateTable('portals')
      .set({ enabled: enabled ? 1 : 0 })
      .execute();
    // Turned off, nobody stays in.
    if (!enabled) await t.deleteFrom('portal_sessions').execute();
    await audit(t, actor, enabled ? 'portal.enabled' : 'portal.disabled', { type: 'workspace', id: workspaceId });
  });
  return portalSettings(ctx, workspaceId);
}

/** The workspace behind a portal address, when it is on. */
export async function portalBySlug(
  ctx: AppContext,
  slug: string,
): Promise<{ workspaceId: string; company: string; language: 'es' | 'en'; slug: string }> {
  const portal = await ctx.db
    .selectFrom('portals')
    .innerJoin('workspaces', 'workspaces.id', 'portals.workspace_id')
    .select(['portals.workspace_id', 'portals.enabled', 'workspaces.name', 'workspaces.language'])
    .where('portals.slug', '=', slug)
    .executeTakeFirst();
  if (!portal || portal.enabled !== 1) throw new AppError('not_found');
  return {
    workspaceId: portal.workspace_id,
    company: portal.name,
    language: portal.language === 'en' ? 'en' : 'es',
    slug,
  };
}

// ── Signing in ───────────────────────────────────────────────────────────────

async function issueLink(
  ctx: AppContext,
  t: Tenant,
  contactId: string,
  slug: string,
  now = Date.now(),
): Promise<string> {
  const token = randomToken();
  // Only the newest link works.
  await t
    .updateTable('portal_links')
    .set({ used_at: now })
    .where('contact_id', '=', contactId)
    .where('used_at', 'is', null)
    .execute();
  await t
    .insertInto('portal_links', {
      id: newId(),
      contact_id: contactId,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: now + LINK_TTL_MS,
      used_at: null,
    })
    .execute();
  return `${portalUrl(ctx, slug)}/enter/${token}`;
}

function linkMail(language: 'es' | 'en', company: string, name: string, url: string) {
  return language === 'en'
    ? {
        subject: `Your access to ${company}'s customer portal`,
        text: `Hello ${name},\n\nOpen this link within 30 minutes to see your projects, conversations and files with ${company}:\n${url}\n\nThe link works once. If you did not ask for it, ignore this message.`,
      }
    : {
        subject: `Tu acceso al portal de clientes de ${company}`,
        text: `Hola ${name}:\n\nAbre este enlace antes de 30 minutos para ver tus proyectos, conversaciones y archivos con ${company}:\n${url}\n\nEl enlace funciona una sola vez. Si no lo pediste, ignora este mensaje.`,
      };
}

/**
 * A customer asks for a link with their email. The answer is the same whether or not the email is known, and an
 * address or an email asking too often is refused, so the form finds no one and floods no one.
 */
export async function requestLink(ctx: AppContext, slug: string, email: string, ip: string): Promise<void> {
  // Without SMTP the link cannot be mailed: it goes to the server log (as password resets do), and the page says so.
  const portal = await portalBySlug(ctx, slug);
  const throttle = new Throttle(ctx.db);
  const address = email.trim().toLowerCase();
  await throttle.spendHourly(`portal:ip:${ip}`, 20);
  await throttle.spendHourly(`portal:email:${portal.workspaceId}:${address}`, 5);
  const t = tenant(ctx.db, portal.workspaceId);
  const contact = await t
    .selectFrom('contact_identities')
    .innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id')
    .select(['contacts.id', 'contacts.name', 'contacts.language'])
    .where('contact_identities.kind', '=', 'email')
    .where('contact_identities.value', '=', address)
    .where('contacts.privacy_blocked_at', 'is', null)
    .executeTakeFirst();
  if (!contact) return;
  const language = contact.language === 'en' || (!contact.language && portal.language === 'en') ? 'en' : 'es';
  const url = await t.transaction(async (tx) => {
    const link = await issueLink(ctx, tx, contact.id, slug);
    await ctx.jobs.enqueue(
      'mail.send',
      { to: address, ...linkMail(language, portal.company, contact.name, link) },
      { executor: tx.db },
    );
    return link;
  });
  if (!ctx.mailer.configured)
    ctx.log.info({ email: address, portalUrl: url }, 'portal sign-in link (SMTP not configured)');
}

/** An agent invites a contact: the link goes to their email (when they have one) and back to the agent to share. */
export async function inviteContact(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  contactId: string,
): Promise<{ url: string; emailedTo: string | null; mailNotSetUp: boolean; expiresAt: string }> {
  const portal = await ensurePortal(ctx, workspaceId);
  if (!portal.enabled) throw new AppError('not_found');
  const t = tenant(ctx.db, workspaceId);
  const contact = await t
    .selectFrom('contacts')
    .select(['id', 'name', 'language'])
    .where('id', '=', contactId)
    .where('privacy_blocked_at', 'is', null)
    .executeTakeFirst();
  if (!contact) throw new AppError('validation_failed', [{ path: 'contactId', message: 'field.noSuchContact' }]);
  const email = await t
    .selectFrom('contact_identities')
    .select('value')
    .where('contact_id', '=', contactId)
    .where('kind', '=', 'email')
    .orderBy('position')
    .limit(1)
    .executeTakeFirst();
  const settings = await loadWorkspaceSettings(ctx, workspaceId);
  const language = contact.language === 'en' || (!contact.language && settings.language === 'en') ? 'en' : 'es';
  const now = Date.now();
  const url = await t.transaction(async (tx) => {
    const link = await issueLink(ctx, tx, contactId, portal.slug, now);
    if (email)
      await ctx.jobs.enqueue(
        'mail.send',
        { to: email.value, ...linkMail(language, settings.name, contact.name, link) },
        { executor: tx.db },
      );
    await audit(tx, actor, 'portal.invited', { type: 'contact', id: contactId }, { emailed: Boolean(email) });
    return link;
  });
  return {
    url,
    emailedTo: email?.value ?? null,
    mailNotSetUp: !ctx.mailer.configured,
    expiresAt: iso(now + LINK_TTL_MS),
  };
}

/** Claims a link (once, before it expires) and opens a session: the cookie's token, of which only the hash is kept. */
export async function enter(
  ctx: AppContext,
  slug: string,
  token: string,
  ip: string,
): Promise<{ sessionToken: string }> {
  const portal = await portalBySlug(ctx, slug);
  const throttle = new Throttle(ctx.db);
  await throttle.check([`portal:enter:${ip}`]);
  const now = Date.now();
  const claimed = await tenant(ctx.db, portal.workspaceId).transaction(async (t) => {
    const link = await t
      .updateTable('portal_links')
      .set({ used_at: now })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['contact_id'])
      .executeTakeFirst();
    if (!link) return null;
    const blocked = await t
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', link.contact_id)
      .where('privacy_blocked_at', 'is', null)
      .executeTakeFirst();
    if (!blocked) return null;
    const sessionToken = randomToken();
    await t
      .insertInto('portal_sessions', {
        id: hashToken(sessionToken),
        contact_id: link.contact_id,
        created_at: now,
        expires_at: now + PORTAL_SESSION_TTL_MS,
      })
      .execute();
    await audit(t, { type: 'visitor', id: link.contact_id }, 'portal.signed_in', {
      type: 'contact',
      id: link.contact_id,
    });
    return sessionToken;
  });
  if (!claimed) {
    // Guessing links: an address failing too often is locked out for a while.
    await throttle.fail(`portal:enter:${ip}`, { maxFailures: 20, windowMs: 3_600_000, lockMs: 3_600_000 });
    throw new AppError('token_invalid');
  }
  return { sessionToken: claimed };
}

/** The contact a portal cookie stands for on this portal, or null. */
export async function visitorOf(
  ctx: AppContext,
  slug: string,
  sessionToken: string | undefined,
): Promise<PortalVisitor | null> {
  if (!sessionToken) return null;
  const row = await ctx.db
    .selectFrom('portal_sessions')
    .innerJoin('portals', 'portals.workspace_id', 'portal_sessions.workspace_id')
    .innerJoin('contacts', 'contacts.id', 'portal_sessions.contact_id')
    .innerJoin('workspaces', 'workspaces.id', 'portal_sessions.workspace_id')
    .select([
      'portal_sessions.workspace_id',
      'portal_sessions.contact_id',
      'portal_sessions.expires_at',
      'portals.enabled',
      'contacts.name as contactName',
      'contacts.language as contactLanguage',
      'contacts.privacy_blocked_at',
      'workspaces.name as company',
      'workspaces.language',
    ])
    .where('portal_sessions.id', '=', hashToken(sessionToken))
    .where('portals.slug', '=', slug)
    .executeTakeFirst();
  if (!row || row.expires_at < Date.now() || row.enabled !== 1 || row.privacy_blocked_at !== null) return null;
  const language = row.contactLanguage === 'en' || (!row.contactLanguage && row.language === 'en') ? 'en' : 'es';
  return {
    workspaceId: row.workspace_id,
    contactId: row.contact_id,
    contactName: row.contactName,
    company: row.company,
    language,
    slug,
  };
}

export async function leave(ctx: AppContext, sessionToken: string | undefined): Promise<void> {
  if (sessionToken) await ctx.db.deleteFrom('portal_sessions').where('id', '=', hashToken(sessionToken)).execute();
}

// ── What the customer sees ───────────────────────────────────────────────────

/** The projects the contact may see: theirs, or ones they take part in or observe. */
function visibleProjects(t: Tenant, contactId: string) {
  return t
    .selectFrom('projects')
    .where((eb) =>
      eb.or([
        eb('projects.contact_id', '=', contactId),
        eb(
          'projects.id',
          'in',
          eb
            .selectFrom('project_participants')
            .select('project_participants.project_id')
            .where('project_participants.workspace_id', '=', t.workspaceId)
            .where('project_participants.contact_id', '=', contactId),
        ),
      ]),
    );
}

async function visibleProject(t: Tenant, contactId: string, projectId: string) {
  const project = await visibleProjects(t, contactId)
    .selectAll('projects')
    .where('projects.id', '=', projectId)
    .executeTakeFirst();
  if (!project) throw new AppError('not_found');
  return project;
}

export async function overview(ctx: AppContext, visitor: PortalVisitor) {
  const t = tenant(ctx.db, visitor.workspaceId);
  const [projects, conversations, incidents, surveys, quotes] = await Promise.all([
    visibleProjects(t, visitor.contactId)
      .select((eb) => [
        'projects.id',
        'projects.kind',
        'projects.number',
        'projects.title',
        'projects.status',
        'projects.due_date',
        'projects.updated_at',
        projectFigures.tasks(eb, t.workspaceId).as('total'),
        projectFigures.tasks(eb, t.workspaceId, true).as('done'),
      ])
      .where('projects.status', '!=', 'cancelled')
      .orderBy('projects.updated_at', 'desc')
      .limit(50)
      .execute(),
    t
      .selectFrom('conversations')
      .select(['id', 'channel', 'status', 'subject', 'last_message_at', 'last_message_preview'])
      .where('contact_id', '=', visitor.contactId)
      .orderBy('last_message_at', 'desc')
      .limit(30)
      .execute(),
    t
      .selectFrom('incidents')
      .select(['id', 'number', 'summary', 'status', 'reported_at'])
      .where('contact_id', '=', visitor.contactId)
      .orderBy('reported_at', 'desc')
      .limit(30)
      .execute(),
    pendingInvitationsOf(t, visitor.contactId),
    quotesOfContact(ctx, t, visitor.contactId),
  ]);
  return {
    projects: projects.map((p) => ({
      id: p.id,
      reference: referenceOf(p.kind, p.number),
      title: p.title,
      status: p.status,
      dueDate: p.due_date,
      tasksDone: Number(p.done ?? 0),
      tasksTotal: Number(p.total ?? 0),
      updatedAt: iso(p.updated_at),
    })),
    conversations: conversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      subject: c.subject,
      lastMessageAt: iso(c.last_message_at),
      preview: c.last_message_preview,
    })),
    incidents: incidents.map((i) => ({
      id: i.id,
      number: i.number,
      title: i.summary,
      status: i.status,
      reportedAt: iso(i.reported_at),
    })),
    surveys,
    quotes: quotes.map((q) => ({
      id: q.id,
      reference: q.reference,
      title: q.title,
      status: q.status,
      expired: q.expired,
      total: q.total,
      currency: q.currency,
      validUntil: q.validUntil,
    })),
  };
}

export async function portalProject(ctx: AppContext, visitor: PortalVisitor, projectId: string) {
  const t = tenant(ctx.db, visitor.workspaceId);
  const p = await visibleProject(t, visitor.contactId, projectId);
  const [tasks, documents, timeline] = await Promise.all([
    t
      .selectFrom('project_tasks')
      .select(['title', 'status', 'due_date'])
      .where('project_id', '=', projectId)
      .orderBy('position')
      .execute(),
    listDocuments(t, projectId),
    projectTimeline(t, projectId, { publicOnly: true, limit: 50 }),
  ]);
  const done = tasks.filter((x) => x.status === 'done').length;
  return {
    id: p.id,
    reference: referenceOf(p.kind, p.number),
    kind: p.kind,
    title: p.title,
    status: p.status,
    startDate: p.start_date,
    dueDate:
      p.due_date ??
      tasks.reduce<string | null>(
        (latest, x) => (x.due_date && (!latest || x.due_date > latest) ? x.due_date : latest),
        null,
      ),
    progress: tasks.length
      ? Math.round((done / tasks.length) * 100)
      : p.status === 'delivered' || p.status === 'invoiced'
        ? 100
        : 0,
    tasks: tasks.map((x) => ({ title: x.title, status: x.status, dueDate: x.due_date })),
    // Members' names stay inside the company; the customer sees who uploaded only when it was them.
    documents: documents.map((d) => ({
      ...d,
      versions: d.versions.map((v) => ({ ...v, by: v.byCustomer ? v.by : visitor.company })),
    })),
    timeline: timeline.map((item) => ({ ...item, by: item.byCustomer ? item.by : visitor.company })),
  };
}
export type PortalProject = Awaited<ReturnType<typeof portalProject>>;

/** The customer writes on the project: a comment, an approval of a file version, or a change they ask for. */
export async function customerSays(
  ctx: AppContext,
  visitor: PortalVisitor,
  projectId: string,
  input: {
    kind: 'comment' | 'approval' | 'change_request';
    body: string;
    documentId?: string | null;
    version?: number | null;
  },
): Promise<void> {
  await tenant(ctx.db, visitor.workspaceId).transaction(async (t) => {
    await visibleProject(t, visitor.contactId, projectId);
    if (input.documentId) {
      const version = await t
        .selectFrom('project_files')
        .select('version')
        .where('project_id', '=', projectId)
        .where('document_id', '=', input.documentId)
        .where('version', '=', input.version ?? -1)
        .executeTakeFirst();
      if (!version) throw new AppError('validation_failed', [{ path: 'documentId', message: 'field.noSuchDocument' }]);
    }
    await recordEvent(t, projectId, {
      kind: input.kind,
      contactId: visitor.contactId,
      body: input.body,
      data: input.documentId ? { documentId: input.documentId, version: input.version } : {},
      public: true,
    });
    await touchProject(t, projectId);
  });
}

export async function customerUploads(
  ctx: AppContext,
  visitor: PortalVisitor,
  projectId: string,
  file: { name: string; contentType: string | undefined; data: Uint8Array; note?: string },
): Promise<void> {
  await tenant(ctx.db, visitor.workspaceId).transaction(async (t) => {
    await visibleProject(t, visitor.contactId, projectId);
    const made = await addDocumentVersion(t, projectId, { ...file, contactId: visitor.contactId });
    await recordEvent(t, projectId, {
      kind: 'file',
      contactId: visitor.contactId,
      body: file.name,
      data: made,
      public: true,
    });
    await touchProject(t, projectId);
  });
}

/** A stored file of a project the contact may see. */
export async function portalFileId(ctx: AppContext, visitor: PortalVisitor, fileId: string): Promise<string> {
  const t = tenant(ctx.db, visitor.workspaceId);
  const row = await t
    .selectFrom('project_files')
    .select(['project_id', 'file_id'])
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await visibleProject(t, visitor.contactId, row.project_id);
  return row.file_id;
}

/** One of the contact's conversations, without the team's internal notes. */
export async function portalConversation(ctx: AppContext, visitor: PortalVisitor, conversationId: string) {
  const t = tenant(ctx.db, visitor.workspaceId);
  const conversation = await t
    .selectFrom('conversations')
    .select(['id', 'channel', 'status', 'subject'])
    .where('id', '=', conversationId)
    .where('contact_id', '=', visitor.contactId)
    .executeTakeFirst();
  if (!conversation) throw new AppError('not_found');
  const messages = await t
    .selectFrom('messages')
    .select(['id', 'direction', 'sender_name', 'body', 'kind', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .where('is_private', '=', 0)
    // A machine's notices (a bounce, an automatic reply) are for the team.
    .where((eb) => eb.or([eb('direction', '=', 'outgoing'), eb('sender_type', '<>', 'system')]))
    .orderBy('created_at')
    .limit(500)
    .execute();
  return {
    ...conversation,
    messages: messages.map((m) => ({
      id: m.id,
      fromCustomer: m.direction === 'incoming',
      by: m.direction === 'incoming' ? m.sender_name : visitor.company,
      body: m.body,
      kind: m.kind,
      at: iso(m.created_at),
    })),
  };
}

// Notes on contacts and companies, with @mentions of teammates; a contact's notes are part of what search reads.
import type { Note } from '@atiende/contract';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/context.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { mentionedMembers } from '../../platform/mentions.js';
import { refreshContactSearch } from '../contacts/index.js';

export type NoteSubject = 'contact' | 'company';

async function assertSubject(t: Tenant, subject: NoteSubject, id: string): Promise<void> {
  const found =
    subject === 'contact'
      ? await t
          .selectFrom('contacts')
          .select('id')
          .where('id', '=', id)
          .where('privacy_blocked_at', 'is', null)
          .executeTakeFirst()
      : await t.selectFrom('companies').select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw new AppError('not_found');
}

export async function addNote(
  ctx: AppContext,
  auth: AuthContext,
  actor: Actor,
  subject: NoteSubject,
  subjectId: string,
  body: string,
): Promise<Note> {
  const now = Date.now();
  const id = newId();
  let mentions: string[] = [];
  await tenant(ctx.db, auth.workspaceId).transaction(async (t) => {
    await assertSubject(t, subject, subjectId);
    mentions = await mentionedMembers(t, body);
    await t
      .insertInto('notes', {
        id,
        subject_type: subject,
        subject_id: subjectId,
        author_id: auth.user?.id ?? null,
        body,
        mentions: JSON.stringify(mentions),
        created_at: now,
        updated_at: now,
      })
      .execute();
    if (subject === 'contact') await refreshContactSearch(t, subjectId);
    await audit(t, actor, 'note.added', { type: subject, id: subjectId }, { noteId: id, mentions });
  });
  return {
    id,
    body,
    authorId: auth.user?.id ?? null,
    authorName: auth.user?.name ?? null,
    mentions,
    createdAt: new Date(now).toISOString(),
  };
}

export async function listNotes(
  ctx: AppContext,
  workspaceId: string,
  subject: NoteSubject,
  subjectId: string,
): Promise<Note[]> {
  const t = tenant(ctx.db, workspaceId);
  await assertSubject(t, subject, subjectId);
  return notesOf(t, subject, subjectId);
}

/** Notes written by nobody in particular (an import brings what a file said about each person), in the caller's transaction. */
export async function insertNotes(
  t: Tenant,
  notes: { subjectType: NoteSubject; subjectId: string; body: string }[],
  now = Date.now(),
): Promise<void> {
  for (let i = 0; i < notes.length; i += 200)
    await t
      .insertInto(
        'notes',
        notes.slice(i, i + 200).map((n) => ({
          id: newId(),
          subject_type: n.subjectType,
          subject_id: n.subjectId,
          author_id: null,
          body: n.body.slice(0, 10_000),
          mentions: '[]',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
}

/** The notes on a record without checking who may see it (the caller did): lists and a contact's privacy export. */
export async function notesOf(t: Tenant, subject: NoteSubject, subjectId: string): Promise<Note[]> {
  const rows = await t
    .selectFrom('notes')
    .leftJoin('users', 'users.id', 'notes.author_id')
    .select([
      'notes.id',
      'notes.body',
      'notes.author_id',
      'users.name as authorName',
      'notes.mentions',
      'notes.created_at',
    ])
    .where('notes.subject_type', '=', subject)
    .where('notes.subject_id', '=', subjectId)
    .orderBy('notes.created_at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    body: r.body,
    authorId: r.author_id,
    authorName: r.authorName,
    mentions: JSON.parse(r.mentions) as string[],
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Every note on a record, for its erasure. */
export async function deleteNotesOf(t: Tenant, subject: NoteSubject, subjectId: string): Promise<void> {
  await t.deleteFrom('notes').where('subject_type', '=', subject).where('subject_id', '=', subjectId).execute();
}

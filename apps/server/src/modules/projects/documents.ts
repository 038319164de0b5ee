// A project's files, kept in versions: a design, a drawing or a photo uploaded again is the next version of the same
// document, and every earlier one stays downloadable. Uploads are capped and their bytes must match the type they
// claim (an "image" that is really a program is refused). Members and the customer (from the portal) both upload.
import type { ProjectDocument } from '@atiende/contract';
import type { Tenant } from '../../db/tenant.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { contentTypeOf, storeFile } from '../../platform/storage/files.js';
import { checkUploadBytes } from '../../platform/storage/signatures.js';
import { iso } from '../../platform/time.js';

/** Refuses an empty file, a type its bytes contradict, and programs whatever they claim to be. */
export function checkUpload(contentType: string | undefined, data: Uint8Array): void {
  if (data.byteLength === 0) throw new AppError('file_rejected');
  checkUploadBytes(contentTypeOf(contentType), data);
}

export async function addDocumentVersion(
  t: Tenant,
  projectId: string,
  input: {
    documentId?: string | null;
    name: string;
    contentType: string | undefined;
    data: Uint8Array;
    note?: string;
    userId?: string | null;
    contactId?: string | null;
  },
  now = Date.now(),
): Promise<{ documentId: string; version: number }> {
  checkUpload(input.contentType, input.data);
  let version = 1;
  let documentId = newId();
  if (input.documentId) {
    const last = await t
      .selectFrom('project_files')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('project_id', '=', projectId)
      .where('document_id', '=', input.documentId)
      .executeTakeFirst();
    if (last?.v === null || last?.v === undefined)
      throw new AppError('validation_failed', [{ path: 'documentId', message: 'field.noSuchDocument' }]);
    documentId = input.documentId;
    version = Number(last.v) + 1;
  }
  const file = await storeFile(
    t,
    { messageId: null, name: input.name, contentType: input.contentType, data: input.data },
    now,
  );
  await t
    .insertInto('project_files', {
      id: newId(),
      project_id: projectId,
      document_id: documentId,
      version,
      file_id: file.id,
      note: input.note ?? '',
      uploaded_by_user: input.userId ?? null,
      uploaded_by_contact: input.contactId ?? null,
      created_at: now,
    })
    .execute();
  return { documentId, version };
}

export async function listDocuments(t: Tenant, projectId: string): Promise<ProjectDocument[]> {
  const rows = await t
    .selectFrom('project_files')
    .innerJoin('files', 'files.id', 'project_files.file_id')
    .leftJoin('users', 'users.id', 'project_files.uploaded_by_user')
    .leftJoin('contacts', 'contacts.id', 'project_files.uploaded_by_contact')
    .select([
      'project_files.document_id',
      'project_files.version',
      'project_files.file_id',
      'project_files.note',
      'project_files.created_at',
      'project_files.uploaded_by_contact',
      'files.name',
      'files.content_type',
      'files.size',
      'users.name as userName',
      'contacts.name as contactName',
    ])
    .where('project_files.project_id', '=', projectId)
    .orderBy('project_files.created_at')
    .orderBy('project_files.version')
    .execute();
  const documents = new Map<string, ProjectDocument>();
  for (const r of rows) {
    const version = {
      version: r.version,
      fileId: r.file_id,
      name: r.name,
      contentType: r.content_type,
      size: r.size,
      note: r.note,
      by: r.uploaded_by_contact ? (r.contactName ?? '') : (r.userName ?? ''),
      byCustomer: Boolean(r.uploaded_by_contact),
      at: iso(r.created_at),
    };
    const doc = documents.get(r.document_id);
    // A document is named after its latest version; versions newest first.
    if (doc) {
      doc.versions.unshift(version);
      doc.name = r.name;
    } else documents.set(r.document_id, { id: r.document_id, name: r.name, versions: [version] });
  }
  return [...documents.values()];
}

/** One version's stored file id, when it belongs to the project. */
export async function documentFileId(t: Tenant, projectId: string, fileId: string): Promise<string> {
  const row = await t
    .selectFrom('project_files')
    .select('file_id')
    .where('project_id', '=', projectId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row.file_id;
}

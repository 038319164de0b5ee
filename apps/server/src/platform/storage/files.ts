// Stored files (attachments, channel media), kept in the database so every app instance serves them and backups
// carry them. Names are cleaned, sizes capped, and only a short list of harmless types is ever shown inline.
import { createHash } from 'node:crypto';
import type { Tenant } from '../../db/tenant.js';
import { AppError } from '../errors.js';
import { capabilityId } from '../ids.js';

/** WhatsApp's own caps are 16 MB for media and 100 MB for documents; a small business inbox needs less. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** Shown in the browser; everything else downloads as an opaque file. SVG is not here: it can carry script. */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'audio/aac',
  'video/mp4',
  'application/pdf',
]);

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/xml': 'xml',
  'text/xml': 'xml',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'text/html': 'html',
  'text/calendar': 'ics',
  'text/vcard': 'vcf',
  'text/x-vcard': 'vcf',
  'message/rfc822': 'eml',
  'application/pkcs7-signature': 'p7s',
  'application/pgp-signature': 'asc',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** The usual extension of a media type ("bin" when unknown), for files that arrive without a name. */
export function extensionFor(contentType: string): string {
  return EXTENSIONS[contentType.toLowerCase()] ?? 'bin';
}

/** A file name safe to store and to put in a header: no folders, no control characters, no leading dots, bounded. */
export function safeFileName(name: string | null | undefined, fallback = 'archivo'): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 150);
  return cleaned || fallback;
}

/** The name an upload gives in its X-File-Name header (URI-encoded, so any language's letters travel in a header). */
export function uploadName(header: unknown): string {
  try {
    return typeof header === 'string' && header ? decodeURIComponent(header) : 'archivo';
  } catch {
    return 'archivo';
  }
}

export function contentTypeOf(value: string | null | undefined): string {
  const type = (value ?? '').split(';')[0]!.trim().toLowerCase();
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) ? type : 'application/octet-stream';
}

export function isInline(contentType: string): boolean {
  return INLINE_TYPES.has(contentType);
}

export interface FileRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
  status: 'pending' | 'ready' | 'failed';
}

export async function storeFile(
  t: Tenant,
  input: {
    messageId: string | null;
    quickReplyId?: string;
    articleId?: string;
    name: string | null | undefined;
    contentType: string | null | undefined;
    data: Uint8Array;
    /** 'original': kept beside the message (the email as it arrived), not listed among its attachments. */
    role?: 'original';
  },
  now = Date.now(),
): Promise<FileRef> {
  if (input.data.byteLength > MAX_FILE_BYTES) throw new AppError('file_too_large');
  const file = {
    id: capabilityId(),
    name: safeFileName(input.name),
    contentType: contentTypeOf(input.contentType),
    size: input.data.byteLength,
    status: 'ready' as const,
  };
  await t
    .insertInto('files', {
      id: file.id,
      message_id: input.messageId,
      quick_reply_id: input.quickReplyId ?? null,
      article_id: input.articleId ?? null,
      ...(input.role ? { role: input.role } : {}),
      name: file.name,
      content_type: file.contentType,
      size: file.size,
      sha256: createHash('sha256').update(input.data).digest('hex'),
      status: 'ready',
      source_ref: null,
      data: input.data,
      created_at: now,
    })
    .execute();
  return file;
}

/** A file the channel announced and that a job fetches afterwards (WhatsApp media). */
export async function announceFile(
  t: Tenant,
  input: {
    messageId: string;
    name: string | null | undefined;
    contentType: string | null | undefined;
    sourceRef: string;
  },
  now = Date.now(),
): Promise<FileRef> {
  const file = {
    id: capabilityId(),
    name: safeFileName(input.name),
    contentType: contentTypeOf(input.contentType),
    size: 0,
    status: 'pending' as const,
  };
  await t
    .insertInto('files', {
      id: file.id,
      message_id: input.messageId,
      name: file.name,
      content_type: file.contentType,
      size: 0,
      sha256: null,
      status: 'pending',
      source_ref: input.sourceRef,
      data: null,
      created_at: now,
    })
    .execute();
  return file;
}

export async function completeFile(
  t: Tenant,
  id: string,
  input: { data: Uint8Array; contentType?: string | null },
): Promise<void> {
  if (input.data.byteLength > MAX_FILE_BYTES) {
    await t.updateTable('files').set({ status: 'failed' }).where('id', '=', id).execute();
    return;
  }
  const set: Record<string, unknown> = {
    data: input.data,
    size: input.data.byteLength,
    sha256: createHash('sha256').update(input.data).digest('hex'),
    status: 'ready',
  };
  if (input.contentType) set.content_type = contentTypeOf(input.contentType);
  await t.updateTable('files').set(set).where('id', '=', id).execute();
}

export async function failFile(t: Tenant, id: string): Promise<void> {
  await t.updateTable('files').set({ status: 'failed' }).where('id', '=', id).execute();
}

/** The files of some messages, without their bytes. */
export async function filesOfMessages(t: Tenant, messageIds: string[]): Promise<(FileRef & { messageId: string })[]> {
  if (!messageIds.length) return [];
  const rows = await t
    .selectFrom('files')
    .select(['id', 'message_id', 'name', 'content_type', 'size', 'status'])
    .where('message_id', 'in', messageIds)
    .where('role', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id!,
    name: r.name,
    contentType: r.content_type,
    size: r.size,
    status: r.status as FileRef['status'],
  }));
}

export async function readFile(t: Tenant, id: string) {
  const row = await t
    .selectFrom('files')
    .select(['id', 'name', 'content_type', 'size', 'status', 'data', 'message_id'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.status !== 'ready' || !row.data) throw new AppError('not_found');
  return { ...row, data: Buffer.from(row.data) };
}

/** The stored bytes of the ready files of some messages (a contact's privacy export, what a channel sends). */
export async function fileContents(
  t: Tenant,
  messageIds: string[],
): Promise<{ id: string; name: string; contentType: string; data: Uint8Array }[]> {
  if (!messageIds.length) return [];
  const rows = await t
    .selectFrom('files')
    .select(['id', 'name', 'content_type', 'data'])
    .where('message_id', 'in', messageIds)
    .where('status', '=', 'ready')
    .orderBy('created_at')
    .execute();
  return rows
    .filter((r) => r.data)
    .map((r) => ({ id: r.id, name: r.name, contentType: r.content_type, data: r.data! }));
}

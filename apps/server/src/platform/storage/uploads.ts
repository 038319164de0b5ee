// The rules of files in conversations, shared by whoever adds one (an answer, a visitor, a quick reply): what a file
// is as a message, and which channels carry one.
import type { Channel, MessageKind } from '@atiende/contract';
import { AppError } from '../errors.js';
import { contentTypeOf } from './files.js';

/** Channels that can carry an agent's file to the customer. */
const CARRY_FILES = new Set<Channel>(['webchat', 'email', 'whatsapp']);

export interface Upload {
  name: string;
  contentType: string | undefined;
  data: Buffer;
  caption: string;
}

export function kindOf(contentType: string): MessageKind {
  const type = contentTypeOf(contentType);
  if (type.startsWith('image/') && type !== 'image/svg+xml') return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return 'document';
}

/** Public files only go where the channel can deliver them; an internal note keeps files on any channel. */
export function assertCarriesFiles(channel: Channel, isPrivate: boolean): void {
  if (!isPrivate && !CARRY_FILES.has(channel))
    throw new AppError('validation_failed', [{ path: 'file', message: 'field.noFilesOnChannel' }]);
}

export function checkUpload(upload: Upload): void {
  if (upload.data.byteLength === 0)
    throw new AppError('validation_failed', [{ path: 'file', message: 'field.emptyUpload' }]);
}

// What a file's first bytes say it is. An upload whose bytes contradict the type it claims is refused, and a stored
// file is only ever shown inline when its bytes are what its type says: HTML sent as `image/png` is neither kept as
// an image nor rendered (the files of other channels, which cannot be refused, are then plain downloads).
import { AppError } from '../errors.js';

const text = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
const isoMedia = (b: Uint8Array) => text(b, 4, 8) === 'ftyp';
const mpegAudio = (b: Uint8Array) => text(b, 0, 3) === 'ID3' || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0);

/** The first bytes each type must start with; types not listed here are never shown inline. */
const signatures: Record<string, (b: Uint8Array) => boolean> = {
  'image/png': (b) => b[0] === 0x89 && text(b, 1, 4) === 'PNG',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => text(b, 0, 4) === 'GIF8',
  'image/webp': (b) => text(b, 0, 4) === 'RIFF' && text(b, 8, 12) === 'WEBP',
  'application/pdf': (b) => text(b, 0, 5) === '%PDF-',
  'audio/ogg': (b) => text(b, 0, 4) === 'OggS',
  'audio/mpeg': mpegAudio,
  'audio/mp4': isoMedia,
  'video/mp4': isoMedia,
  // ADTS frames (WhatsApp's AAC) or an ADIF header.
  'audio/aac': (b) => (b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0) || text(b, 0, 4) === 'ADIF',
};

const isExecutable = (b: Uint8Array) => (b[0] === 0x4d && b[1] === 0x5a) || (b[0] === 0x7f && text(b, 1, 4) === 'ELF');

/** Whether the bytes are what a type with a known signature says; false for every other type. */
export function bytesMatch(contentType: string, data: Uint8Array): boolean {
  return signatures[contentType]?.(data) ?? false;
}

/** Refuses (`file_rejected`) a file whose bytes contradict the type it claims, and programs whatever they claim. */
export function checkUploadBytes(contentType: string, data: Uint8Array): void {
  // An empty upload is each route's to refuse with its own words.
  if (data.byteLength === 0) return;
  const signature = signatures[contentType];
  if ((signature && !signature(data)) || isExecutable(data)) throw new AppError('file_rejected');
}

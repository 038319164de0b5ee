// Importing contacts from CSV files and phone contact exports (vCard): upload, map columns, preview, run, review.
import { z } from 'zod';
import { Id } from './common.js';

export const ImportField = z.enum([
  'ignore',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'whatsapp',
  'company',
  'role',
  'tags',
  'status',
  'city',
  'state',
  'website',
  'street',
  'postalCode',
  'country',
  'notes',
  'birthday',
  'label',
]);
export type ImportField = z.infer<typeof ImportField>;

export const ImportOptions = z.strictObject({
  mapping: z
    .array(ImportField)
    .max(200)
    .describe(
      'One field per column of the file, in column order. label: the label (mobile, work…) of the phone or email column after it; a phone or email column\'s own header may say it too ("Mobile Phone", "Teléfono (casa)")',
    ),
  saveMappingAs: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .optional()
    .describe('Keep this mapping under this name: the next file with the same columns is mapped the same way'),
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Kept on every imported contact, e.g. "Expo Pyme 2026 attendance list"'),
  onDuplicate: z
    .enum(['update', 'skip'])
    .default('update')
    .describe('A row whose email or phone is already a contact: add what it brings, or leave it'),
  leadsPipelineId: Id.nullable()
    .optional()
    .describe(
      "An event's attendance list: open a deal (lead source: event, named by the source) for each person imported, on this pipeline; a person who already has one from this source keeps theirs",
    ),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

export const ImportOutcome = z.enum(['new', 'update', 'duplicate', 'invalid']);
export const ImportUpload = z.object({
  id: Id,
  fileName: z.string(),
  format: z.enum(['csv', 'vcard']),
  rows: z.number(),
  columns: z.array(z.string()),
  sample: z.array(z.array(z.string())).describe('The first rows, to map the columns'),
  suggestedMapping: z.array(ImportField),
  savedMapping: z
    .object({ id: Id, name: z.string() })
    .nullable()
    .describe('The saved mapping the suggestion comes from (same columns), if any'),
});
export type ImportUpload = z.infer<typeof ImportUpload>;

export const ImportPreview = z.object({
  counts: z.object({
    new: z.number(),
    update: z.number(),
    duplicate: z.number(),
    invalid: z.number(),
    similarName: z
      .number()
      .describe('New rows whose name matches a known contact: imported, worth a look in Duplicates'),
    sharedPhone: z
      .number()
      .describe('Rows whose phone another person (another name) has: a shared number, both imported'),
    partial: z.number().describe('Rows imported without a value that could not be read (listed in problems)'),
  }),
  examples: z.array(
    z.object({
      line: z.number(),
      outcome: ImportOutcome,
      name: z.string().nullable(),
      reason: z.string().nullable(),
      problems: z.array(z.string()).describe('Values left out of an imported row, e.g. "invalid_email: rosa@"'),
    }),
  ),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

export const ImportStatus = z.object({
  id: Id,
  fileName: z.string(),
  status: z.enum(['uploaded', 'queued', 'running', 'done', 'failed']),
  source: z.string().nullable(),
  total: z.number(),
  processed: z.number(),
  created: z.number(),
  updated: z.number(),
  duplicates: z.number(),
  rejected: z.number(),
  partial: z.number().describe('Rows imported without a value that could not be read (in rejected.csv too)'),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportStatus = z.infer<typeof ImportStatus>;

export const ImportMapping = z.object({
  id: Id,
  name: z.string(),
  columns: z.array(z.string()),
  mapping: z.array(ImportField),
  createdAt: z.string(),
});
export type ImportMapping = z.infer<typeof ImportMapping>;

// Custom fields: each workspace adds its own fields to contacts and companies.
import { z } from 'zod';
import { Id } from './common.js';

export const CustomFieldType = z.enum(['text', 'number', 'date', 'choice', 'multi_choice', 'yes_no']);
export type CustomFieldType = z.infer<typeof CustomFieldType>;

export const CustomFieldWrite = z
  .strictObject({
    entity: z.enum(['contact', 'company']),
    label: z.string().trim().min(1).max(80),
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'field.customKey')
      .optional()
      .describe('Stable name for the API; made from the label when absent'),
    type: CustomFieldType,
    options: z
      .array(z.string().trim().min(1).max(80))
      .max(50)
      .default([])
      .describe('The choices, for choice and multi_choice'),
  })
  .superRefine((f, ctx) => {
    if ((f.type === 'choice' || f.type === 'multi_choice') && f.options.length === 0)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'field.required' });
  });
export const CustomFieldUpdate = z.strictObject({
  label: z.string().trim().min(1).max(80).optional(),
  options: z.array(z.string().trim().min(1).max(80)).max(50).optional(),
});
export const CustomField = z.object({
  id: Id,
  entity: z.enum(['contact', 'company']),
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  options: z.array(z.string()),
  position: z.number(),
});
export type CustomField = z.infer<typeof CustomField>;
export const CustomValues = z
  .record(
    z.string().max(40),
    z.union([z.string().max(2000), z.number(), z.boolean(), z.array(z.string().max(80)).max(50), z.null()]),
  )
  .describe('Values by custom field key; null clears');

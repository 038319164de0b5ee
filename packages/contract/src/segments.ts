// Segments: saved rule sets over contacts, counted live and reused by campaigns, surveys and reports.
import { z } from 'zod';
import { Id } from './common.js';
import { CustomerStatus } from './customers.js';
import { npsGroups, segmentFieldOperators, segmentFields, segmentOperators } from './segment-fields.js';

export const SegmentField = z.enum(segmentFields);
export type SegmentField = z.infer<typeof SegmentField>;
export const SegmentOperator = z.enum(segmentOperators);
export type SegmentOperator = z.infer<typeof SegmentOperator>;
export { segmentFieldOperators };

export const SegmentRule = z
  .strictObject({
    field: SegmentField,
    operator: SegmentOperator,
    value: z
      .union([z.string().max(200), z.number()])
      .nullable()
      .optional(),
  })
  .superRefine((rule, ctx) => {
    if (!segmentFieldOperators[rule.field].includes(rule.operator))
      ctx.addIssue({ code: 'custom', path: ['operator'], message: 'field.operatorNotForField' });
    const needsValue = !['exists', 'not_exists'].includes(rule.operator);
    if (needsValue && (rule.value === undefined || rule.value === null || rule.value === ''))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'field.required' });
    const numeric = ['gt', 'lt', 'within_days', 'not_within_days'].includes(rule.operator);
    if (needsValue && numeric && !Number.isFinite(Number(rule.value)))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'field.number' });
    if (needsValue && ['before', 'after'].includes(rule.operator) && Number.isNaN(Date.parse(String(rule.value))))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'field.date' });
    if (rule.field === 'status' && needsValue && !CustomerStatus.safeParse(rule.value).success)
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'field.invalidOption' });
    if (rule.field === 'npsGroup' && !(npsGroups as readonly unknown[]).includes(rule.value))
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'field.invalidOption' });
  });
export type SegmentRule = z.infer<typeof SegmentRule>;

export const SegmentDefinition = z.strictObject({
  match: z.enum(['all', 'any']),
  rules: z.array(SegmentRule).min(1).max(20),
});
export type SegmentDefinition = z.infer<typeof SegmentDefinition>;

export const SegmentWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).nullable().optional(),
  definition: SegmentDefinition,
});
export const SegmentUpdate = SegmentWrite.partial();
export const Segment = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  definition: SegmentDefinition,
  count: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Segment = z.infer<typeof Segment>;
export const SegmentPreview = z.object({
  count: z.number(),
  sample: z.array(z.object({ id: Id, name: z.string(), email: z.string().nullable() })),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;

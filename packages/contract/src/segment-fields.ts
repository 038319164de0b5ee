// The segment rule vocabulary without zod, so the console can build rules without loading the schemas.
export const segmentFields = [
  'status',
  'tag',
  'source',
  'owner',
  'name',
  'email',
  'company',
  'createdAt',
  'lastContactAt',
  'conversations',
  'channel',
  'totalSpent',
  'consent',
  'npsGroup',
  'unhappyAnswer',
] as const;
export const segmentOperators = [
  'is',
  'is_not',
  'contains',
  'has',
  'has_not',
  'gt',
  'lt',
  'before',
  'after',
  'within_days',
  'not_within_days',
  'exists',
  'not_exists',
] as const;
type Field = (typeof segmentFields)[number];
type Operator = (typeof segmentOperators)[number];

/** Which operators each field takes. */
export const segmentFieldOperators: Record<Field, Operator[]> = {
  status: ['is', 'is_not'],
  tag: ['has', 'has_not'],
  source: ['is', 'contains'],
  owner: ['is', 'is_not', 'exists', 'not_exists'],
  name: ['contains'],
  email: ['contains', 'exists', 'not_exists'],
  company: ['is', 'exists', 'not_exists'],
  createdAt: ['before', 'after', 'within_days'],
  lastContactAt: ['within_days', 'not_within_days'],
  conversations: ['gt', 'lt'],
  channel: ['has', 'has_not'],
  totalSpent: ['gt', 'lt'],
  /** has: the purpose is allowed (not opted out); has_not: the contact opted out of it. Value: the purpose key. */
  consent: ['has', 'has_not'],
  /** The contact's latest NPS answer: promoter (9–10), passive (7–8) or detractor (0–6). */
  npsGroup: ['is', 'is_not'],
  /** Gave a survey answer at or below its follow-up threshold in the last N days. */
  unhappyAnswer: ['within_days', 'not_within_days'],
};
export const npsGroups = ['promoter', 'passive', 'detractor'] as const;

// Training tracks: an ordered set of knowledge articles and quiz questions with a pass mark, assigned to new
// employees; their progress and scores; tracks a team requires before it hands them conversations.
import { z } from 'zod';
import { Id, IsoDateTime } from './common.js';

export const TrainingChoice = z.strictObject({ text: z.string().trim().min(1).max(300), correct: z.boolean() });
export const TrainingItemWrite = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('article'), articleId: Id }),
  z.strictObject({
    kind: z.literal('question'),
    question: z.string().trim().min(1).max(1_000),
    multiple: z.boolean().optional().describe('Several answers are right'),
    choices: z.array(TrainingChoice).min(2).max(8),
  }),
]);
export const TrainingTrackWrite = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2_000).optional(),
  passMark: z
    .number()
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Percent of questions right needed to pass (default 80)'),
  items: z.array(TrainingItemWrite).max(100).optional().describe('The whole ordered list; replaces the current one'),
  requiredForTeamIds: z
    .array(Id)
    .max(50)
    .optional()
    .describe('Teams that hand conversations only to people who passed this track'),
});
export const TrainingTrackUpdate = TrainingTrackWrite.partial();
export const TrainingItem = z.object({
  id: Id,
  kind: z.enum(['article', 'question']),
  article: z.object({ id: Id, title: z.string() }).nullable(),
  question: z.string(),
  multiple: z.boolean(),
  choices: z.array(
    z.object({ text: z.string(), correct: z.boolean().optional().describe('Only for those who manage the track') }),
  ),
});
export const TrainingTrack = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  passMark: z.number(),
  items: z.array(TrainingItem),
  requiredForTeams: z.array(z.object({ id: Id, name: z.string() })),
  assigned: z.number(),
  passed: z.number(),
  updatedAt: IsoDateTime,
});
export type TrainingTrack = z.infer<typeof TrainingTrack>;
export const TrainingAssign = z.strictObject({
  userIds: z.array(Id).min(1).max(100),
  dueOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date')
    .nullable()
    .optional(),
});
export const TrainingProgress = z.object({
  assignmentId: Id,
  trackId: Id,
  trackName: z.string(),
  user: z.object({ id: Id, name: z.string() }),
  assignedAt: IsoDateTime,
  dueOn: z.string().nullable(),
  articlesRead: z.number(),
  articles: z.number(),
  attempts: z.number(),
  bestScore: z.number().nullable(),
  passedAt: IsoDateTime.nullable(),
  overdue: z.boolean(),
});
export type TrainingProgress = z.infer<typeof TrainingProgress>;
export const MyTraining = TrainingProgress.extend({ track: TrainingTrack, readArticleIds: z.array(Id) });
export type MyTraining = z.infer<typeof MyTraining>;
export const TrainingRead = z.strictObject({ articleId: Id });
export const TrainingAnswers = z.strictObject({
  answers: z
    .record(Id, z.array(z.number().int().min(0).max(7)).max(8))
    .describe('Chosen choice indexes per question id'),
});
export const TrainingResult = z.object({
  score: z.number(),
  passed: z.boolean(),
  passMark: z.number(),
  correct: z.record(z.string(), z.boolean()).describe('Per question: answered right'),
});

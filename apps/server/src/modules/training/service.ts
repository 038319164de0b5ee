// Training of new employees: a track is read in order (knowledge articles) and closed with a quiz marked against a
// pass mark. Managers assign tracks and see progress; a team may require tracks before automatic assignment gives
// the person its conversations.
import type { MyTraining, TrainingProgress, TrainingTrack } from '@atiende/contract';
import type { TrainingItemWrite } from '@atiende/contract';
import type { z } from 'zod';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { iso, todayUtc } from '../../platform/time.js';

type ItemInput = z.infer<typeof TrainingItemWrite>;
type Choice = { text: string; correct: boolean };

async function loadTrack(t: Tenant, id: string, withAnswers: boolean): Promise<TrainingTrack> {
  const track = await t.selectFrom('training_tracks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!track) throw new AppError('not_found');
  const items = await t
    .selectFrom('training_items')
    .leftJoin('articles', 'articles.id', 'training_items.article_id')
    .select([
      'training_items.id',
      'training_items.kind',
      'training_items.article_id',
      'training_items.question',
      'training_items.choices',
      'training_items.multiple',
      'articles.title',
    ])
    .where('training_items.track_id', '=', id)
    .orderBy('training_items.position')
    .execute();
  const teams = await t
    .selectFrom('team_required_tracks')
    .innerJoin('teams', 'teams.id', 'team_required_tracks.team_id')
    .select(['teams.id', 'teams.name'])
    .where('team_required_tracks.track_id', '=', id)
    .orderBy('teams.name')
    .execute();
  const counts = await t
    .selectFrom('training_assignments')
    .select((eb) => [eb.fn.countAll<number>().as('assigned'), eb.fn.count<number>('passed_at').as('passed')])
    .where('track_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    id: track.id,
    name: track.name,
    description: track.description,
    passMark: track.pass_mark,
    items: items.map((i) => ({
      id: i.id,
      kind: i.kind as 'article',
      article: i.article_id && i.title !== null ? { id: i.article_id, title: i.title } : null,
      question: i.question,
      multiple: i.multiple === 1,
      // The person taking the quiz never receives which answers are right.
      choices: (JSON.parse(i.choices) as Choice[]).map((c) => (withAnswers ? c : { text: c.text })),
    })),
    requiredForTeams: teams,
    assigned: Number(counts.assigned),
    passed: Number(counts.passed),
    updatedAt: iso(track.updated_at),
  };
}

export async function getTrack(ctx: AppContext, workspaceId: string, id: string): Promise<TrainingTrack> {
  return loadTrack(tenant(ctx.db, workspaceId), id, true);
}

export async function listTracks(ctx: AppContext, workspaceId: string): Promise<TrainingTrack[]> {
  const t = tenant(ctx.db, workspaceId);
  const rows = await t.selectFrom('training_tracks').select('id').orderBy('name').execute();
  return Promise.all(rows.map((r) => loadTrack(t, r.id, true)));
}

async function writeItems(t: Tenant, trackId: string, items: ItemInput[]): Promise<void> {
  const articleIds = [...new Set(items.flatMap((i) => (i.kind === 'article' ? [i.articleId] : [])))];
  if (articleIds.length) {
    const found = await t.selectFrom('articles').select('id').where('id', 'in', articleIds).execute();
    if (found.length !== articleIds.length)
      throw new AppError('validation_failed', [{ path: 'items', message: 'field.noSuchArticle' }]);
  }
  items.forEach((item, n) => {
    if (item.kind === 'question') {
      const right = item.choices.filter((c) => c.correct).length;
      if (right === 0 || (!item.multiple && right > 1))
        throw new AppError('validation_failed', [
          { path: `items.${n}.choices`, message: item.multiple ? 'field.oneRightAtLeast' : 'field.exactlyOneRight' },
        ]);
    }
  });
  await t.deleteFrom('training_items').where('track_id', '=', trackId).execute();
  if (!items.length) return;
  await t
    .insertInto(
      'training_items',
      items.map((item, position) =>
        item.kind === 'article'
          ? {
              id: newId(),
              track_id: trackId,
              position,
              kind: 'article',
              article_id: item.articleId,
              question: '',
              choices: '[]',
              multiple: 0,
            }
          : {
              id: newId(),
              track_id: trackId,
              position,
              kind: 'question',
              article_id: null,
              question: item.question,
              choices: JSON.stringify(item.choices),
              multiple: item.multiple ? 1 : 0,
            },
      ),
    )
    .execute();
}

async function writeTeams(t: Tenant, trackId: string, teamIds: string[]): Promise<void> {
  const unique = [...new Set(teamIds)];
  if (unique.length) {
    const found = await t.selectFrom('teams').select('id').where('id', 'in', unique).execute();
    if (found.length !== unique.length)
      throw new AppError('validation_failed', [{ path: 'requiredForTeamIds', message: 'field.noSuchTeam' }]);
  }
  await t.deleteFrom('team_required_tracks').where('track_id', '=', trackId).execute();
  if (unique.length)
    await t
      .insertInto(
        'team_required_tracks',
        unique.map((teamId) => ({ team_id: teamId, track_id: trackId })),
      )
      .execute();
}

export async function saveTrack(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string | null,
  input: { name?: string; description?: string; passMark?: number; items?: ItemInput[]; requiredForTeamIds?: string[] },
): Promise<TrainingTrack> {
  const trackId = id ?? newId();
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const now = Date.now();
    if (id) {
      if (!(await t.selectFrom('training_tracks').select('id').where('id', '=', id).executeTakeFirst()))
        throw new AppError('not_found');
      await t
        .updateTable('training_tracks')
        .set({
          ...(input.name ? { name: input.name } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.passMark !== undefined ? { pass_mark: input.passMark } : {}),
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    } else {
      await t
        .insertInto('training_tracks', {
          id: trackId,
          name: input.name!,
          description: input.description ?? '',
          pass_mark: input.passMark ?? 80,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    if (input.items) await writeItems(t, trackId, input.items);
    if (input.requiredForTeamIds) await writeTeams(t, trackId, input.requiredForTeamIds);
    await audit(
      t,
      actor,
      id ? 'training_track.updated' : 'training_track.created',
      { type: 'training_track', id: trackId },
      { name: input.name, items: input.items?.length },
    );
  });
  return getTrack(ctx, workspaceId, trackId);
}

export async function deleteTrack(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('training_tracks').where('id', '=', id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'training_track.deleted', { type: 'training_track', id });
  });
}

export async function assignTrack(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  trackId: string,
  input: { userIds: string[]; dueOn?: string | null },
): Promise<TrainingProgress[]> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    if (!(await t.selectFrom('training_tracks').select('id').where('id', '=', trackId).executeTakeFirst()))
      throw new AppError('not_found');
    const userIds = [...new Set(input.userIds)];
    const members = await t.selectFrom('memberships').select('user_id').where('user_id', 'in', userIds).execute();
    if (members.length !== userIds.length)
      throw new AppError('validation_failed', [{ path: 'userIds', message: 'field.notMember' }]);
    const existing = new Set(
      (
        await t
          .selectFrom('training_assignments')
          .select('user_id')
          .where('track_id', '=', trackId)
          .where('user_id', 'in', userIds)
          .execute()
      ).map((r) => r.user_id),
    );
    const now = Date.now();
    for (const userId of userIds) {
      if (existing.has(userId))
        await t
          .updateTable('training_assignments')
          .set({ due_on: input.dueOn ?? null })
          .where('track_id', '=', trackId)
          .where('user_id', '=', userId)
          .execute();
      else
        await t
          .insertInto('training_assignments', {
            id: newId(),
            track_id: trackId,
            user_id: userId,
            assigned_by: actor.type === 'user' ? actor.id : null,
            assigned_at: now,
            due_on: input.dueOn ?? null,
            read_article_ids: '[]',
            attempts: 0,
            best_score: null,
            passed_at: null,
            last_activity_at: null,
          })
          .execute();
    }
    await audit(t, actor, 'training_track.assigned', { type: 'training_track', id: trackId }, { userIds });
  });
  return trackProgress(ctx, workspaceId, trackId);
}

export async function unassign(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  assignmentId: string,
): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const removed = await t.deleteFrom('training_assignments').where('id', '=', assignmentId).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) throw new AppError('not_found');
    await audit(t, actor, 'training_track.unassigned', { type: 'training_assignment', id: assignmentId });
  });
}

function assignmentRows(t: Tenant) {
  return t
    .selectFrom('training_assignments')
    .innerJoin('training_tracks', 'training_tracks.id', 'training_assignments.track_id')
    .innerJoin('users', 'users.id', 'training_assignments.user_id')
    .selectAll('training_assignments')
    .select(['training_tracks.name as track_name', 'users.name as user_name'])
    .select((eb) =>
      eb
        .selectFrom('training_items')
        .select((sub) => sub.fn.countAll<number>().as('n'))
        .whereRef('training_items.track_id', '=', 'training_assignments.track_id')
        .where('training_items.kind', '=', 'article')
        .as('article_count'),
    );
}
type AssignmentRow = Awaited<ReturnType<ReturnType<typeof assignmentRows>['executeTakeFirstOrThrow']>>;

function toProgress(r: AssignmentRow): TrainingProgress {
  return {
    assignmentId: r.id,
    trackId: r.track_id,
    trackName: r.track_name,
    user: { id: r.user_id, name: r.user_name },
    assignedAt: iso(r.assigned_at),
    dueOn: r.due_on,
    articlesRead: (JSON.parse(r.read_article_ids) as string[]).length,
    articles: Number(r.article_count ?? 0),
    attempts: r.attempts,
    bestScore: r.best_score,
    passedAt: iso(r.passed_at),
    overdue: r.passed_at === null && r.due_on !== null && r.due_on < todayUtc(),
  };
}

export async function trackProgress(
  ctx: AppContext,
  workspaceId: string,
  trackId?: string,
): Promise<TrainingProgress[]> {
  let q = assignmentRows(tenant(ctx.db, workspaceId));
  if (trackId) q = q.where('training_assignments.track_id', '=', trackId);
  return (await q.orderBy('users.name').execute()).map(toProgress);
}

export async function myTraining(ctx: AppContext, workspaceId: string, userId: string): Promise<MyTraining[]> {
  const t = tenant(ctx.db, workspaceId);
  const rows = await assignmentRows(t)
    .where('training_assignments.user_id', '=', userId)
    .orderBy('training_assignments.assigned_at')
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      ...toProgress(r),
      track: await loadTrack(t, r.track_id, false),
      readArticleIds: JSON.parse(r.read_article_ids) as string[],
    })),
  );
}

async function ownAssignment(t: Tenant, assignmentId: string, userId: string) {
  const row = await t
    .selectFrom('training_assignments')
    .selectAll()
    .where('id', '=', assignmentId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function markRead(
  ctx: AppContext,
  workspaceId: string,
  userId: string,
  assignmentId: string,
  articleId: string,
): Promise<MyTraining> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const assignment = await ownAssignment(t, assignmentId, userId);
    const inTrack = await t
      .selectFrom('training_items')
      .select('id')
      .where('track_id', '=', assignment.track_id)
      .where('article_id', '=', articleId)
      .executeTakeFirst();
    if (!inTrack) throw new AppError('validation_failed', [{ path: 'articleId', message: 'field.notInTrack' }]);
    const read = new Set(JSON.parse(assignment.read_article_ids) as string[]);
    read.add(articleId);
    await t
      .updateTable('training_assignments')
      .set({ read_article_ids: JSON.stringify([...read]), last_activity_at: Date.now() })
      .where('id', '=', assignmentId)
      .execute();
  });
  return (await myTraining(ctx, workspaceId, userId)).find((m) => m.assignmentId === assignmentId)!;
}

/** Marks a quiz: a question is right when exactly its right choices were chosen. Every attempt is kept. */
export async function submitAttempt(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  userId: string,
  assignmentId: string,
  answers: Record<string, number[]>,
) {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    const assignment = await ownAssignment(t, assignmentId, userId);
    const track = await t
      .selectFrom('training_tracks')
      .select('pass_mark')
      .where('id', '=', assignment.track_id)
      .executeTakeFirstOrThrow();
    const questions = await t
      .selectFrom('training_items')
      .select(['id', 'choices'])
      .where('track_id', '=', assignment.track_id)
      .where('kind', '=', 'question')
      .execute();
    if (!questions.length) throw new AppError('validation_failed', [{ path: 'answers', message: 'field.noQuestions' }]);
    const unknown = Object.keys(answers).filter((id) => !questions.some((q) => q.id === id));
    if (unknown.length) throw new AppError('validation_failed', [{ path: 'answers', message: 'field.notInTrack' }]);
    const correct: Record<string, boolean> = {};
    for (const q of questions) {
      const right = (JSON.parse(q.choices) as Choice[]).flatMap((c, i) => (c.correct ? [i] : []));
      const chosen = [...new Set(answers[q.id] ?? [])].sort();
      correct[q.id] = chosen.length === right.length && chosen.every((c, i) => c === right[i]);
    }
    const score = Math.round((Object.values(correct).filter(Boolean).length / questions.length) * 100);
    const passed = score >= track.pass_mark;
    const now = Date.now();
    await t
      .insertInto('training_attempts', {
        id: newId(),
        assignment_id: assignmentId,
        answers: JSON.stringify(answers),
        score,
        passed: passed ? 1 : 0,
        created_at: now,
      })
      .execute();
    await t
      .updateTable('training_assignments')
      .set({
        attempts: assignment.attempts + 1,
        best_score: Math.max(score, assignment.best_score ?? 0),
        passed_at: assignment.passed_at ?? (passed ? now : null),
        last_activity_at: now,
      })
      .where('id', '=', assignmentId)
      .execute();
    await audit(t, actor, 'training.attempted', { type: 'training_assignment', id: assignmentId }, { score, passed });
    return { score, passed, passMark: track.pass_mark, correct };
  });
}

/**
 * Of these people, those a team may hand conversations to automatically: they passed every track the team requires
 * (a team requiring none clears everyone).
 */
export async function clearedForTeam(t: Tenant, teamId: string, userIds: string[]): Promise<Set<string>> {
  const required = (
    await t.selectFrom('team_required_tracks').select('track_id').where('team_id', '=', teamId).execute()
  ).map((r) => r.track_id);
  if (!required.length || !userIds.length) return new Set(userIds);
  const passed = await t
    .selectFrom('training_assignments')
    .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('track_id', 'in', required)
    .where('user_id', 'in', userIds)
    .where('passed_at', 'is not', null)
    .groupBy('user_id')
    .execute();
  return new Set(passed.filter((p) => Number(p.n) === required.length).map((p) => p.user_id));
}

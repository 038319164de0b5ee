// Training of new employees: tracks of knowledge articles and quiz questions with a pass mark, assigned to people,
// with what each has read and scored; a team may require tracks before it hands its conversations to someone.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  const workspace = (c: any) => c.notNull().references('workspaces.id').onDelete('cascade');
  await db.schema
    .createTable('training_tracks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** Percentage of questions answered right needed to pass. */
    .addColumn('pass_mark', 'integer', (c) => c.notNull().defaultTo(80))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('training_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('track_id', 'text', (c) => c.notNull().references('training_tracks.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    /** article, question */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.references('articles.id').onDelete('cascade'))
    .addColumn('question', 'text', (c) => c.notNull().defaultTo(''))
    /** JSON [{ text, correct }] */
    .addColumn('choices', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('multiple', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('training_items_track').on('training_items').columns(['track_id', 'position']).execute();
  await db.schema
    .createTable('training_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('track_id', 'text', (c) => c.notNull().references('training_tracks.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('assigned_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('assigned_at', ms, (c) => c.notNull())
    .addColumn('due_on', 'text')
    /** JSON array of the article ids the person marked as read. */
    .addColumn('read_article_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('best_score', 'integer')
    .addColumn('passed_at', ms)
    .addColumn('last_activity_at', ms)
    .execute();
  await db.schema
    .createIndex('training_assignments_person')
    .on('training_assignments')
    .columns(['track_id', 'user_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('training_assignments_user')
    .on('training_assignments')
    .columns(['workspace_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('training_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', workspace)
    .addColumn('assignment_id', 'text', (c) => c.notNull().references('training_assignments.id').onDelete('cascade'))
    /** JSON { [itemId]: chosen choice indexes } */
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('passed', 'integer', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('training_attempts_assignment')
    .on('training_attempts')
    .columns(['assignment_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('team_required_tracks')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('track_id', 'text', (c) => c.notNull().references('training_tracks.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', workspace)
    .addPrimaryKeyConstraint('team_required_tracks_pk', ['team_id', 'track_id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}

// Working the inbox: labels, quick replies, teams with their members' capacity, routing rules, agents' availability,
// and the team a conversation belongs to.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  await db.schema
    .createTable('labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'text', (c) => c.notNull())
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('labels_name').on('labels').columns(['workspace_id', 'name']).unique().execute();
  await db.schema
    .createTable('conversation_labels')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.notNull().references('labels.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('conversation_labels_pk', ['workspace_id', 'conversation_id', 'label_id'])
    .execute();
  await db.schema
    .createIndex('conversation_labels_label')
    .on('conversation_labels')
    .columns(['workspace_id', 'label_id', 'conversation_id'])
    .execute();

  await db.schema
    .createTable('quick_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('shortcut', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** es, en, or null for any language. */
    .addColumn('language', 'text')
    /** JSON array of channels; empty: every channel. */
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('updated_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('quick_replies_shortcut')
    .on('quick_replies')
    .columns(['workspace_id', 'shortcut'])
    .execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('lead_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    /** Assign new conversations automatically, round robin among available members with room. */
    .addColumn('auto_assign', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('teams_name').on('teams').columns(['workspace_id', 'name']).unique().execute();
  await db.schema
    .createTable('team_members')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** Open conversations this agent may hold before round robin skips them. */
    .addColumn('capacity', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('last_assigned_at', ms)
    .addPrimaryKeyConstraint('team_members_pk', ['workspace_id', 'team_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('routing_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: channels, keywords, segmentId, during (open | closed | any). */
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('priority', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('routing_rules_position')
    .on('routing_rules')
    .columns(['workspace_id', 'position'])
    .execute();

  /** available | away: round robin gives new conversations only to available agents. */
  await db.schema
    .alterTable('memberships')
    .addColumn('availability', 'text', (c) => c.notNull().defaultTo('available'))
    .execute();
  await db.schema
    .alterTable('conversations')
    .addColumn('team_id', 'text', (c) => c.references('teams.id').onDelete('set null'))
    .execute();
  await db.schema
    .createIndex('conversations_team')
    .on('conversations')
    .columns(['workspace_id', 'team_id', 'status', 'last_message_at', 'id'])
    .execute();
  await db.schema
    .createIndex('conversations_assignee')
    .on('conversations')
    .columns(['workspace_id', 'assignee_id', 'status', 'last_message_at', 'id'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}

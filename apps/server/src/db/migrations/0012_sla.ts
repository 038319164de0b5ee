// Service level agreements: ordered policies (first match wins) with targets for first response, next response and
// resolution, in business or calendar time; each conversation carries its due times and when each was missed.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/** Frozen copy of the defaults of this version (the sla module provisions new workspaces with its own). */
const defaultPolicies = [
  {
    name: 'Chat del sitio web',
    conditions: { channels: ['webchat'] },
    first: 2,
    next: 5,
    resolution: null,
    business: 1,
  },
  { name: 'WhatsApp', conditions: { channels: ['whatsapp'] }, first: 15, next: 30, resolution: null, business: 1 },
  { name: 'Correo', conditions: { channels: ['email'] }, first: 24 * 60, next: 24 * 60, resolution: null, business: 0 },
  { name: 'Teléfono', conditions: { channels: ['phone'] }, first: 0, next: null, resolution: null, business: 0 },
];

export async function up(db: Kysely<any>): Promise<void> {
  const ms = 'bigint' as const;
  await db.schema
    .createTable('sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON: channels, priorities, teamIds, segmentId; empty lists match everything. */
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('first_response_minutes', 'integer')
    .addColumn('next_response_minutes', 'integer')
    .addColumn('resolution_minutes', 'integer')
    .addColumn('business_hours', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', ms, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('sla_policies_position')
    .on('sla_policies')
    .columns(['workspace_id', 'position'])
    .execute();

  for (const column of [
    'first_response_due_at',
    'next_response_due_at',
    'resolution_due_at',
    'first_response_breached_at',
    'next_response_breached_at',
    'resolution_breached_at',
  ]) {
    await db.schema.alterTable('conversations').addColumn(column, ms).execute();
  }
  await db.schema
    .alterTable('conversations')
    .addColumn('sla_policy_id', 'text', (c) => c.references('sla_policies.id').onDelete('set null'))
    .execute();
  // The breach check looks for due times that have passed, across workspaces.
  for (const column of ['first_response_due_at', 'next_response_due_at', 'resolution_due_at']) {
    await db.schema.createIndex(`conversations_${column}`).on('conversations').column(column).execute();
  }

  const workspaces = await db.selectFrom('workspaces').select('id').execute();
  const now = Date.now();
  for (const w of workspaces) {
    for (const [i, p] of defaultPolicies.entries()) {
      await db
        .insertInto('sla_policies')
        .values({
          id: randomUUID(),
          workspace_id: w.id,
          position: i + 1,
          name: p.name,
          conditions: JSON.stringify({ channels: p.conditions.channels, priorities: [], teamIds: [], segmentId: null }),
          first_response_minutes: p.first,
          next_response_minutes: p.next,
          resolution_minutes: p.resolution,
          business_hours: p.business,
          enabled: 1,
          created_at: now,
        })
        .execute();
    }
  }
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only: restore a backup to go back.');
}

// The one way to reach tenant tables: every select, update and delete is filtered by the workspace, every insert stamped with it.
import type {
  DeleteQueryBuilder,
  DeleteResult,
  InsertObject,
  Kysely,
  SelectQueryBuilder,
  Transaction,
  UpdateQueryBuilder,
  UpdateResult,
} from 'kysely';
import type { DB } from './schema.js';

export type TenantTable = { [K in keyof DB]: DB[K] extends { workspace_id: string } ? K : never }[keyof DB];
type Executor = Kysely<DB> | Transaction<DB>;
type WithoutWorkspace<T extends TenantTable> = Omit<InsertObject<DB, T>, 'workspace_id'>;

export interface Tenant {
  readonly workspaceId: string;
  readonly db: Executor;
  selectFrom<T extends TenantTable>(table: T): SelectQueryBuilder<DB, T, {}>;
  updateTable<T extends TenantTable>(table: T): UpdateQueryBuilder<DB, T, T, UpdateResult>;
  deleteFrom<T extends TenantTable>(table: T): DeleteQueryBuilder<DB, T, DeleteResult>;
  insertInto<T extends TenantTable>(
    table: T,
    values: WithoutWorkspace<T> | WithoutWorkspace<T>[],
  ): ReturnType<Executor['insertInto']>;
  /** The same scope inside a transaction. */
  transaction<R>(work: (tenant: Tenant) => Promise<R>): Promise<R>;
}

export function tenant(db: Executor, workspaceId: string): Tenant {
  // Kysely's generics cannot express "any table with workspace_id", so the builders are cast once, here.
  const anyDb = db as unknown as Kysely<any>;
  return {
    workspaceId,
    db,
    selectFrom: (table) =>
      anyDb.selectFrom(table as string).where(`${table as string}.workspace_id`, '=', workspaceId) as never,
    updateTable: (table) =>
      anyDb.updateTable(table as string).where(`${table as string}.workspace_id`, '=', workspaceId) as never,
    deleteFrom: (table) =>
      anyDb.deleteFrom(table as string).where(`${table as string}.workspace_id`, '=', workspaceId) as never,
    insertInto: (table, values) => {
      const rows = (Array.isArray(values) ? values : [values]).map((v) => ({ ...v, workspace_id: workspaceId }));
      return anyDb.insertInto(table).values(rows) as never;
    },
    transaction: (work) =>
      db.isTransaction
        ? work(tenant(db, workspaceId))
        : db.transaction().execute((trx) => work(tenant(trx, workspaceId))),
  };
}

// Contact imports: upload a file, preview what each row becomes, run it in the background in chunks (each chunk one
// transaction, the event loop free between chunks), follow the progress, download the rows it could not take.
import type { ImportOptions, ImportPreview, ImportStatus, ImportUpload } from '@atiende/contract';
import { ImportOptions as OptionsSchema } from '@atiende/contract';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { insertCompany } from '../companies/index.js';
import { openLeads } from '../deals/index.js';
import { bulkInsertContacts } from '../contacts/index.js';
import { insertNotes } from '../notes/index.js';
import { fold } from '../../platform/search.js';
import { refreshContactSearch, workspaceCountry } from '../contacts/index.js';
import { csvLine } from '../../platform/csv.js';
import { type Table, parseCsv, suggestMapping } from './parse.js';
import { parseVcard } from './vcard.js';
import { saveMapping, savedMappingFor } from './mappings.js';
import { type PlannedRow, knownContacts, planRows } from './plan.js';
import { iso } from '../../platform/time.js';

declare module '../../platform/jobs.js' {
  interface JobPayloads {
    'contacts.import': { workspaceId: string; importId: string };
  }
}

const CHUNK = 1_000;
const MAX_ROWS = 200_000;

async function read(format: string, content: string): Promise<Table> {
  return format === 'vcard' ? parseVcard(content) : parseCsv(content);
}

export function detectFormat(fileName: string, contentType: string | undefined, content: string): 'csv' | 'vcard' {
  if (/vcard/i.test(contentType ?? '') || /\.vcf$/i.test(fileName) || /^\s*BEGIN:VCARD/i.test(content)) return 'vcard';
  return 'csv';
}

export async function uploadImport(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { fileName: string; format: 'csv' | 'vcard'; content: string },
): Promise<ImportUpload> {
  let table: Table;
  try {
    table = await read(input.format, input.content);
  } catch (error) {
    throw new AppError('validation_failed', [
      { path: 'file', message: error instanceof Error ? error.message : 'Unreadable file' },
    ]);
  }
  if (table.rows.length === 0) throw new AppError('validation_failed', [{ path: 'file', message: 'field.emptyFile' }]);
  if (table.rows.length > MAX_ROWS)
    throw new AppError('validation_failed', [{ path: 'file', message: 'field.tooManyRows' }]);
  const id = newId();
  await tenant(ctx.db, workspaceId)
    .insertInto('imports', {
      id,
      file_name: input.fileName,
      format: input.format,
      content: input.content,
      options: null,
      source: null,
      status: 'uploaded',
      total: table.rows.length,
      error: null,
      created_by: actor.type === 'user' ? actor.id : null,
      created_at: Date.now(),
      finished_at: null,
    })
    .execute();
  const saved = await savedMappingFor(tenant(ctx.db, workspaceId), table.columns);
  return {
    id,
    fileName: input.fileName,
    format: input.format,
    rows: table.rows.length,
    columns: table.columns,
    sample: table.rows.slice(0, 5),
    suggestedMapping: saved?.mapping ?? suggestMapping(table.columns),
    savedMapping: saved ? { id: saved.id, name: saved.name } : null,
  };
}

async function loadImport(t: Tenant, id: string) {
  const row = await t.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

const PLAN_BATCH = 2_000;

/** Plans the whole file in batches, letting other requests run between them. */
async function plan(
  ctx: AppContext,
  t: Tenant,
  row: { format: string; content: string },
  options: ImportOptions,
): Promise<PlannedRow[]> {
  const table = await read(row.format, row.content);
  if (options.mapping.length !== table.columns.length)
    throw new AppError('validation_failed', [{ path: 'mapping', message: 'field.mappingLength' }]);
  const region = await workspaceCountry(t);
  const known = await knownContacts(t);
  const seen = new Map<string, { line: number; name: string }>();
  const planned: PlannedRow[] = [];
  for (let i = 0; i < table.rows.length; i += PLAN_BATCH) {
    planned.push(...planRows(table.rows.slice(i, i + PLAN_BATCH), options, region, known, 2 + i, seen, table.columns));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return planned;
}

export async function previewImport(
  ctx: AppContext,
  workspaceId: string,
  id: string,
  options: ImportOptions,
): Promise<ImportPreview> {
  const t = tenant(ctx.db, workspaceId);
  const planned = await plan(ctx, t, await loadImport(t, id), options);
  const counts = { new: 0, update: 0, duplicate: 0, invalid: 0, similarName: 0, sharedPhone: 0, partial: 0 };
  for (const p of planned) {
    counts[p.outcome] += 1;
    if (p.reason?.startsWith('similar_name')) counts.similarName += 1;
    if (p.reason?.startsWith('shared_phone')) counts.sharedPhone += 1;
    if (p.problems.length && (p.outcome === 'new' || p.outcome === 'update')) counts.partial += 1;
  }
  // New rows that look like someone already known come first among the new ones, so they get a look.
  const noteworthy = (p: PlannedRow) => Number(Boolean(p.reason)) + Number(p.problems.length > 0);
  const ordered = [...planned].sort((a, b) => noteworthy(b) - noteworthy(a));
  const examples = (['invalid', 'duplicate', 'update', 'new'] as const).flatMap((outcome) =>
    ordered
      .filter((p) => p.outcome === outcome)
      .slice(0, 20)
      .map((p) => ({
        line: p.line,
        outcome,
        name: p.contact?.name ?? p.raw.find(Boolean) ?? null,
        reason: p.reason,
        problems: p.problems,
      })),
  );
  return { counts, examples };
}

export async function startImport(
  ctx: AppContext,
  workspaceId: string,
  id: string,
  options: ImportOptions,
): Promise<ImportStatus> {
  const t0 = tenant(ctx.db, workspaceId);
  const row = await loadImport(t0, id);
  await plan(ctx, t0, row, options); // refuses a mapping that does not fit before anything is queued
  await assertReferences(t0, [
    { table: 'pipelines', id: options.leadsPipelineId, path: 'leadsPipelineId', message: 'field.noSuchPipeline' },
  ]);
  await t0.transaction(async (t) => {
    const claimed = await t
      .updateTable('imports')
      .set({ status: 'queued', options: JSON.stringify(options), source: options.source })
      .where('id', '=', id)
      .where('status', '=', 'uploaded')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0)
      throw new AppError('validation_failed', [{ path: 'status', message: 'field.importStarted' }]);
    await ctx.jobs.enqueue('contacts.import', { workspaceId, importId: id }, { executor: t.db, maxAttempts: 1 });
    if (options.saveMappingAs)
      await saveMapping(t, options.saveMappingAs, (await read(row.format, row.content)).columns, options.mapping);
  });
  return importStatus(ctx, workspaceId, id);
}

export async function importStatus(ctx: AppContext, workspaceId: string, id: string): Promise<ImportStatus> {
  const t = tenant(ctx.db, workspaceId);
  const r = await loadImport(t, id);
  const partial = await t
    .selectFrom('import_rejections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('import_id', '=', id)
    .where('reason', 'like', 'imported_without:%')
    .executeTakeFirstOrThrow();
  return {
    id: r.id,
    fileName: r.file_name,
    status: r.status as ImportStatus['status'],
    source: r.source,
    total: r.total,
    processed: r.processed,
    created: r.created,
    updated: r.updated,
    duplicates: r.duplicates,
    rejected: r.rejected,
    partial: Number(partial.n),
    error: r.error,
    createdAt: iso(r.created_at),
    finishedAt: iso(r.finished_at),
  };
}

export async function listImports(ctx: AppContext, workspaceId: string): Promise<ImportStatus[]> {
  const rows = await tenant(ctx.db, workspaceId)
    .selectFrom('imports')
    .select('id')
    .orderBy('created_at', 'desc')
    .limit(50)
    .execute();
  return Promise.all(rows.map((r) => importStatus(ctx, workspaceId, r.id)));
}

export async function rejectedCsv(ctx: AppContext, workspaceId: string, id: string): Promise<string> {
  const t = tenant(ctx.db, workspaceId);
  const row = await loadImport(t, id);
  const columns = (await read(row.format, row.content)).columns;
  const rejections = await t
    .selectFrom('import_rejections')
    .select(['line', 'reason', 'raw'])
    .where('import_id', '=', id)
    .orderBy('line')
    .execute();
  return (
    [
      csvLine(['line', 'reason', ...columns]),
      ...rejections.map((r) => csvLine([r.line, r.reason, ...(JSON.parse(r.raw) as string[])])),
    ].join('\r\n') + '\r\n'
  );
}

/** The background work: chunk by chunk, each in one transaction, so a failure never leaves half a contact. */
export async function runImport(ctx: AppContext, payload: { workspaceId: string; importId: string }): Promise<void> {
  const t0 = tenant(ctx.db, payload.workspaceId);
  const row = await loadImport(t0, payload.importId);
  if (row.status !== 'queued') return;
  await t0.updateTable('imports').set({ status: 'running' }).where('id', '=', row.id).execute();
  try {
    const options = OptionsSchema.parse(JSON.parse(row.options ?? '{}'));
    if (
      options.leadsPipelineId &&
      !(await t0.selectFrom('pipelines').select('id').where('id', '=', options.leadsPipelineId).executeTakeFirst())
    )
      throw new Error('The pipeline for the leads no longer exists');
    const planned = await plan(ctx, t0, row, options);
    const companyIds = new Map(
      (await t0.selectFrom('companies').select(['id', 'name']).execute()).map((c) => [fold(c.name), c.id]),
    );
    const totals = { processed: 0, created: 0, updated: 0, duplicates: 0, rejected: 0 };
    for (let i = 0; i < planned.length; i += CHUNK) {
      const chunk = planned.slice(i, i + CHUNK);
      await t0.transaction(async (t) => {
        const companyOf = async (name: string | null) => {
          if (!name) return null;
          const key = fold(name);
          let companyId = companyIds.get(key);
          if (!companyId) {
            companyId = await insertCompany(t, { name, status: 'active', source: options.source });
            companyIds.set(key, companyId);
          }
          return { id: companyId, name };
        };
        const fresh = chunk.filter((p) => p.outcome === 'new');
        const contacts = [];
        for (const p of fresh) {
          const c = p.contact!;
          const company = await companyOf(c.company);
          contacts.push({
            name: c.name,
            emails: c.emails,
            phones: c.phones,
            whatsappId: c.whatsappId,
            status: c.status ?? 'prospect',
            source: options.source,
            tags: c.tags,
            companyIds: company ? [{ ...company, role: c.role }] : [],
            address: addressOf(c),
            website: c.website,
            ...(c.birthday ? { profile: { psychographics: { birthday: c.birthday } } } : {}),
          });
        }
        const newIds = await bulkInsertContacts(t, contacts);
        // What a card or a row said in its notes becomes a note on the contact, as a person would have written it.
        await insertNotes(
          t,
          [
            ...fresh.map((p, k) => ({ subjectId: newIds[k]!, body: p.contact!.notes })),
            ...chunk
              .filter((x) => x.outcome === 'update')
              .map((p) => ({ subjectId: p.existingId!, body: p.contact!.notes })),
          ].flatMap((n) => (n.body ? [{ subjectType: 'contact' as const, subjectId: n.subjectId, body: n.body }] : [])),
        );
        for (const p of chunk.filter((x) => x.outcome === 'update'))
          await applyUpdate(t, p, await companyOf(p.contact!.company));
        if (options.leadsPipelineId) {
          const people = [
            ...contacts.map((c, k) => ({ id: newIds[k]!, name: c.name, companyId: c.companyIds[0]?.id ?? null })),
            ...chunk
              .filter((x) => x.outcome === 'update')
              .map((p) => ({ id: p.existingId!, name: p.contact!.name, companyId: null })),
          ];
          await openLeads(ctx, t, options.leadsPipelineId, options.source, people);
        }
        // Rows not imported, and rows imported without a value that could not be read: the file lists both.
        const rejected = chunk.filter(
          (p) => p.outcome === 'invalid' || p.outcome === 'duplicate' || p.problems.length > 0,
        );
        if (rejected.length)
          await t
            .insertInto(
              'import_rejections',
              rejected.map((p) => ({
                import_id: row.id,
                line: p.line,
                reason:
                  p.outcome === 'invalid' || p.outcome === 'duplicate'
                    ? (p.reason ?? p.outcome)
                    : `imported_without: ${p.problems.join(' | ')}`,
                raw: JSON.stringify(p.raw),
              })),
            )
            .execute();
        totals.processed += chunk.length;
        totals.created += fresh.length;
        totals.updated += chunk.filter((p) => p.outcome === 'update').length;
        totals.duplicates += chunk.filter((p) => p.outcome === 'duplicate').length;
        totals.rejected += chunk.filter((p) => p.outcome === 'invalid').length;
        await t.updateTable('imports').set(totals).where('id', '=', row.id).execute();
      });
      // Let requests in between chunks: the server stays responsive during a large import.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await t0.transaction(async (t) => {
      await t
        .updateTable('imports')
        .set({ status: 'done', finished_at: Date.now() })
        .where('id', '=', row.id)
        .execute();
      await audit(
        t,
        { type: row.created_by ? 'user' : 'system', id: row.created_by },
        'contacts.imported',
        { type: 'import', id: row.id },
        { file: row.file_name, ...totals },
      );
    });
  } catch (error) {
    await t0
      .updateTable('imports')
      .set({ status: 'failed', error: error instanceof Error ? error.message : String(error), finished_at: Date.now() })
      .where('id', '=', row.id)
      .execute();
    throw error;
  }
}

/** The address a row gives, only the parts it has. */
function addressOf(c: NonNullable<PlannedRow['contact']>): Record<string, string | null> {
  const parts = { street: c.street, city: c.city, state: c.state, postalCode: c.postalCode, country: c.country };
  return Object.fromEntries(Object.entries(parts).filter(([, v]) => v));
}

/** An existing contact gains what the row brings (emails, phones, tags, company, status); nothing it had is lost. */
async function applyUpdate(t: Tenant, p: PlannedRow, company: { id: string; name: string } | null): Promise<void> {
  const id = p.existingId!;
  const c = p.contact!;
  const have = await t
    .selectFrom('contact_identities')
    .select(['kind', 'value', 'position'])
    .where('contact_id', '=', id)
    .execute();
  const add = [
    ...c.emails.map((e) => ({ kind: 'email', ...e })),
    ...c.phones.map((p) => ({ kind: 'phone', ...p })),
  ].filter((x) => !have.some((h) => h.kind === x.kind && h.value === x.value));
  if (add.length)
    await t
      .insertInto(
        'contact_identities',
        add.map((x, i) => ({
          id: newId(),
          contact_id: id,
          kind: x.kind,
          value: x.value,
          label: x.label,
          position: have.length + i,
        })),
      )
      .execute();
  if (c.tags.length)
    await t
      .insertInto(
        'record_tags',
        c.tags.map((tag) => ({ entity: 'contact', record_id: id, tag })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (company)
    await t
      .insertInto('contact_companies', { contact_id: id, company_id: company.id, role: c.role, created_at: Date.now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  if (c.status)
    await t.updateTable('contacts').set({ status: c.status, updated_at: Date.now() }).where('id', '=', id).execute();
  await refreshContactSearch(t, id);
}

/**
 * Erasure: a kept import file must not keep the erased person either. Their records (CSV lines, vCard cards) are
 * cut from the stored files and from the rejected rows, matched by email, by phone digits, or by exact name.
 */
export async function scrubImports(
  t: Tenant,
  person: { name: string; emails: string[]; phones: string[] },
): Promise<void> {
  const emails = person.emails.map((e) => e.toLowerCase());
  // The national significant digits (the last ten) find a phone written in any format.
  const phones = person.phones.map((p) => p.replace(/\D/g, '').slice(-10)).filter((d) => d.length >= 7);
  const name = fold(person.name);
  const mentions = (text: string) => {
    const lower = text.toLowerCase();
    if (emails.some((e) => lower.includes(e))) return true;
    const digits = text.replace(/\D/g, '');
    if (phones.some((d) => digits.includes(d))) return true;
    return (
      name.length > 0 &&
      fold(text)
        .split(/[^a-z0-9]+/)
        .join(' ')
        .includes(name.split(/[^a-z0-9]+/).join(' '))
    );
  };
  const imports = await t.selectFrom('imports').select(['id', 'format', 'content']).execute();
  for (const file of imports) {
    if (!mentions(file.content)) continue;
    const records = file.format === 'vcard' ? file.content.split(/(?=BEGIN:VCARD)/i) : file.content.split(/(?<=\n)/);
    // A CSV's first line is its header; it names columns, not people.
    const kept = records.filter((r, i) => (file.format !== 'vcard' && i === 0) || !mentions(r));
    await t
      .updateTable('imports')
      .set({ content: kept.join('') })
      .where('id', '=', file.id)
      .execute();
  }
  const rejections = await t.selectFrom('import_rejections').select(['import_id', 'line', 'raw']).execute();
  for (const r of rejections.filter((x) => mentions(x.raw))) {
    await t.deleteFrom('import_rejections').where('import_id', '=', r.import_id).where('line', '=', r.line).execute();
  }
}

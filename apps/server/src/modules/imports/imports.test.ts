import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, ownerOf, startTestApp } from '../../testing/harness.js';
import { csvCell } from '../../platform/csv.js';
import { parseVcard } from './parse.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const upload = (client: Client, body: string, fileName = 'expo.csv', type = 'text/csv') =>
  client.request('POST', '/api/imports', body, { 'content-type': type, 'x-file-name': fileName });

const csv = [
  'Nombre;Correo electrónico;Teléfono;Empresa;Etiquetas',
  'Rosa Peña;rosa@paloma.mx;81 1234 5678;Ferretería La Paloma;VIP',
  'Juan Pérez;juan@tornos.mx;;Tornos del Norte;',
  ';sin-nombre@x.mx;;;',
  'Correo Malo;no-es-correo;;;',
  'Rosa otra vez;ROSA@paloma.mx;;;',
  'Pedro Ya Existe;pedro@cliente.mx;;;Pyme',
  '=HYPERLINK("http://evil");;12;;',
].join('\n');

describe('importing contacts', () => {
  it("opens a lead for each person of an event's attendance list, once", async () => {
    const owner = await ownerOf(test);
    const [pipeline] = (await owner.get('/api/pipelines')).body;
    const existing = await owner.post('/api/contacts', { name: 'Pedro', emails: [{ value: 'pedro@cliente.mx' }] });
    const list = [
      'Nombre,Correo,Empresa',
      'Rosa Peña,rosa@paloma.mx,Ferretería La Paloma',
      'Pedro Ya Existe,pedro@cliente.mx,',
      'Sin Correo,no-es-correo,',
    ].join('\n');
    const options = {
      mapping: ['name', 'email', 'company'],
      source: 'Expo Pyme 2026',
      onDuplicate: 'update',
      leadsPipelineId: pipeline.id,
    };
    const first = (await upload(owner, list)).body;
    expect(
      (await owner.post(`/api/imports/${first.id}/start`, { ...options, leadsPipelineId: 'nope' })).body.error.fields[0]
        .path,
    ).toBe('leadsPipelineId');
    expect((await owner.post(`/api/imports/${first.id}/start`, options)).status).toBe(202);
    await test.ctx.jobs.drain();
    const deals = (await owner.get(`/api/deals?pipelineId=${pipeline.id}&sort=board`)).body;
    expect(deals.total).toBe(2);
    const rosa = deals.items.find((d: { title: string }) => d.title === 'Rosa Peña — Expo Pyme 2026');
    expect(rosa).toMatchObject({ stageId: pipeline.stages[0].id, company: { name: 'Ferretería La Paloma' } });
    expect((await owner.get(`/api/deals/${rosa.id}`)).body).toMatchObject({
      source: 'event',
      sourceDetail: 'Expo Pyme 2026',
    });
    expect((await owner.get(`/api/deals?contactId=${existing.body.id}`)).body.total).toBe(1);
    // The same list again: nobody gets a second lead from the same event.
    const again = (await upload(owner, list)).body;
    await owner.post(`/api/imports/${again.id}/start`, options);
    await test.ctx.jobs.drain();
    expect((await owner.get('/api/deals')).body.total).toBe(2);
  });

  it('suggests a mapping, previews every row without writing, then imports in the background', async () => {
    const owner = await ownerOf(test);
    const existing = await owner.post('/api/contacts', {
      name: 'Pedro',
      emails: [{ value: 'pedro@cliente.mx' }],
      tags: ['Antiguo'],
    });
    const uploaded = await upload(owner, csv);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      rows: 7,
      columns: ['Nombre', 'Correo electrónico', 'Teléfono', 'Empresa', 'Etiquetas'],
      suggestedMapping: ['name', 'email', 'phone', 'company', 'tags'],
    });
    const options = {
      mapping: uploaded.body.suggestedMapping,
      source: 'Expo Pyme 2026 attendance list',
      onDuplicate: 'update',
    };
    const preview = await owner.post(`/api/imports/${uploaded.body.id}/preview`, options);
    expect(preview.body.counts).toEqual({ new: 2, update: 1, duplicate: 1, invalid: 3, similarName: 0 });
    const reasons = Object.fromEntries(
      preview.body.examples.map((e: { line: number; reason: string }) => [e.line, e.reason]),
    );
    expect(reasons[4]).toBe('missing_name');
    expect(reasons[5]).toBe('invalid_email: no-es-correo');
    expect(reasons[6]).toBe('same_as_line: 2');
    expect(reasons[8]).toBe('invalid_phone: 12');
    expect((await owner.get('/api/contacts')).body.total).toBe(1);

    const started = await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    expect(started.status).toBe(202);
    expect(started.body.status).toBe('queued');
    await test.ctx.jobs.drain();
    const done = await owner.get(`/api/imports/${uploaded.body.id}`);
    expect(done.body).toMatchObject({
      status: 'done',
      total: 7,
      processed: 7,
      created: 2,
      updated: 1,
      duplicates: 1,
      rejected: 3,
    });

    const rosa = (await owner.get('/api/contacts?q=rosa')).body.items[0];
    const full = (await owner.get(`/api/contacts/${rosa.id}`)).body;
    expect(full).toMatchObject({
      name: 'Rosa Peña',
      email: 'rosa@paloma.mx',
      phone: '+528112345678',
      source: 'Expo Pyme 2026 attendance list',
      tags: ['VIP'],
      companies: [{ name: 'Ferretería La Paloma' }],
    });
    const pedro = (await owner.get(`/api/contacts/${existing.body.id}`)).body;
    expect(pedro.name).toBe('Pedro');
    expect(pedro.tags).toEqual(['Antiguo', 'Pyme']);

    const rejected = await owner.get(`/api/imports/${uploaded.body.id}/rejected.csv`);
    expect(rejected.headers['content-type']).toMatch(/text\/csv/);
    const lines = String(rejected.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('line,reason,Nombre,Correo electrónico,Teléfono,Empresa,Etiquetas');
    expect(lines).toHaveLength(5);
    // A formula in the file comes back harmless.
    expect(lines.find((l) => l.startsWith('8,'))).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect((await owner.post(`/api/imports/${uploaded.body.id}/start`, options)).status).toBe(400);
  });

  it('skips rows of existing contacts when asked to', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/contacts', { name: 'Pedro', emails: [{ value: 'pedro@cliente.mx' }] });
    const uploaded = await upload(owner, 'name,email\nPedro Nuevo,pedro@cliente.mx\nAna,ana@x.mx\n');
    const options = { mapping: ['name', 'email'], source: 'Lista', onDuplicate: 'skip' };
    expect((await owner.post(`/api/imports/${uploaded.body.id}/preview`, options)).body.counts).toEqual({
      new: 1,
      update: 0,
      duplicate: 1,
      invalid: 0,
      similarName: 0,
    });
  });

  it('flags rows with the name of a known contact but no shared email or phone', async () => {
    const owner = await ownerOf(test);
    await owner.post('/api/contacts', { name: 'Luis Garza', emails: [{ value: 'luis@tornos.mx' }] });
    const uploaded = await upload(owner, 'name,email\ngarza luis,lgarza@gmail.com\nLuisa Garza,luisa@x.mx\n');
    const preview = await owner.post(`/api/imports/${uploaded.body.id}/preview`, {
      mapping: ['name', 'email'],
      source: 'Lista',
      onDuplicate: 'update',
    });
    expect(preview.body.counts).toEqual({ new: 2, update: 0, duplicate: 0, invalid: 0, similarName: 1 });
    expect(preview.body.examples[0]).toMatchObject({ line: 2, outcome: 'new', reason: 'similar_name: Luis Garza' });
  });

  it('reads phone contact exports (vCard)', async () => {
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N:Garza;Luis;;;',
      'FN:Luis Garza',
      'TEL;CELL:+52 1 81 8765 4321',
      'EMAIL;HOME:luis@example.mx',
      'ORG:Maquinados Apodaca',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Pe=C3=B1a;Mar=C3=ADa;;;',
      'TEL;TYPE=WORK:55 1234 5678',
      'END:VCARD',
    ].join('\r\n');
    const table = parseVcard(vcf);
    expect(table.rows.map((r) => [r[0], r[3], r[5]])).toEqual([
      ['Luis Garza', '+52 1 81 8765 4321', 'Maquinados Apodaca'],
      ['María Peña', '55 1234 5678', ''],
    ]);
    const owner = await ownerOf(test);
    const uploaded = await upload(owner, vcf, 'contactos.vcf', 'text/vcard');
    expect(uploaded.body.format).toBe('vcard');
    const options = { mapping: uploaded.body.suggestedMapping, source: 'Teléfono de Mariana', onDuplicate: 'update' };
    expect((await owner.post(`/api/imports/${uploaded.body.id}/preview`, options)).body.counts).toEqual({
      new: 2,
      update: 0,
      duplicate: 0,
      invalid: 0,
      similarName: 0,
    });
    await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    await test.ctx.jobs.drain();
    expect((await owner.get('/api/contacts?q=8187654321')).body.items.map((c: { name: string }) => c.name)).toEqual([
      'Luis Garza',
    ]);
  });

  it('refuses an empty file or a mapping that does not fit, and stays inside the workspace', async () => {
    const owner = await ownerOf(test);
    expect((await upload(owner, 'name,email\n')).body.error.fields[0].path).toBe('file');
    const uploaded = await upload(owner, 'name,email\nAna,ana@x.mx\n');
    const bad = await owner.post(`/api/imports/${uploaded.body.id}/preview`, {
      mapping: ['name'],
      source: 'x',
      onDuplicate: 'update',
    });
    expect(bad.body.error.fields[0].path).toBe('mapping');
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/imports/${uploaded.body.id}`)).status).toBe(404);
    expect(
      (
        await stranger.post(`/api/imports/${uploaded.body.id}/start`, {
          mapping: ['name', 'email'],
          source: 'x',
          onDuplicate: 'update',
        })
      ).status,
    ).toBe(404);
  });
});

describe('CSV cells', () => {
  it('neutralise formulas and quote what needs quoting', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+52 81')).toBe("'+52 81");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('dijo "hola"')).toBe('"dijo ""hola"""');
    expect(csvCell(null)).toBe('');
  });
});

describe('CSV files', () => {
  it('parse across slice boundaries without splitting quoted fields or emoji', async () => {
    const { parseCsv } = await import('./parse.js');
    const head = '\uFEFFnombre;nota\n"Ana ""la jefa""";"';
    // The emoji's first half is the last character of the first 128 KiB slice.
    const filler = 'x'.repeat(128 * 1024 - 1 - head.length);
    const text = `${head}${filler}😀"\nLuis 🚀;"dos\nlíneas"\n`;
    expect(text.charCodeAt(128 * 1024 - 1)).toBe(0xd83d);
    const table = await parseCsv(text);
    expect(table.columns).toEqual(['nombre', 'nota']);
    expect(table.rows).toEqual([
      ['Ana "la jefa"', `${filler}😀`],
      ['Luis 🚀', 'dos\nlíneas'],
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, ownerOf, startTestApp } from '../../testing/harness.js';
import { csvCell } from '../../platform/csv.js';
import { readFileSync } from 'node:fs';
import { parseVcard } from './vcard.js';

/** Files written for these tests after the vCard specifications and the column layouts of each tool's export. */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

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
    // "Sin Correo" comes in without the address that could not be read.
    expect(deals.total).toBe(3);
    const rosa = deals.items.find((d: { title: string }) => d.title === 'Rosa Peña — Expo Pyme 2026');
    expect(rosa).toMatchObject({ stageId: pipeline.stages[0].id, company: { name: 'Ferretería La Paloma' } });
    expect((await owner.get(`/api/deals/${rosa.id}`)).body).toMatchObject({
      source: 'event',
      sourceDetail: 'Expo Pyme 2026',
    });
    expect((await owner.get(`/api/deals?contactId=${existing.body.id}`)).body.total).toBe(1);
    // The same list again: nobody gets a second lead from the same event.
    const again = (await upload(owner, list)).body;
    const twice = await owner.post(`/api/imports/${again.id}/preview`, options);
    expect(twice.body.counts).toMatchObject({ update: 2, new: 1, similarName: 1 });
    await owner.post(`/api/imports/${again.id}/start`, options);
    await test.ctx.jobs.drain();
    // Rosa and Pedro keep their one lead; "Sin Correo" has nothing to be recognised by, so comes in again, flagged
    // (same name as a known contact) for a look in Duplicates.
    expect((await owner.get('/api/deals')).body.total).toBe(4);
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
    // A row without a name takes its address's; a bad email or phone is left out of a row that still comes in.
    expect(preview.body.counts).toEqual({
      new: 5,
      update: 1,
      duplicate: 1,
      invalid: 0,
      similarName: 0,
      sharedPhone: 0,
      partial: 2,
    });
    const examples = Object.fromEntries(
      preview.body.examples.map((e: { line: number; name: string; reason: string; problems: string[] }) => [e.line, e]),
    );
    expect(examples[4]).toMatchObject({ outcome: 'new', name: 'sin-nombre', problems: [] });
    expect(examples[5]).toMatchObject({ outcome: 'new', problems: ['invalid_email: no-es-correo'] });
    expect(examples[6]).toMatchObject({ outcome: 'duplicate', reason: 'same_as_line: 2' });
    expect(examples[8]).toMatchObject({ outcome: 'new', problems: ['invalid_phone: 12'] });
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
      created: 5,
      updated: 1,
      duplicates: 1,
      rejected: 0,
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
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^5,imported_without: invalid_email: no-es-correo,/);
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
      sharedPhone: 0,
      partial: 0,
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
    expect(preview.body.counts).toEqual({
      new: 2,
      update: 0,
      duplicate: 0,
      invalid: 0,
      similarName: 1,
      sharedPhone: 0,
      partial: 0,
    });
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
    const cell = (row: string[], column: string) => row[table.columns.indexOf(column)];
    expect(table.rows.map((r) => [r[0], cell(r, 'Teléfono (móvil)'), cell(r, 'Teléfono (trabajo)'), r[1]])).toEqual([
      ['Luis Garza', '+52 1 81 8765 4321', '', 'Maquinados Apodaca'],
      ['María Peña', '', '55 1234 5678', ''],
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
      sharedPhone: 0,
      partial: 0,
    });
    await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    await test.ctx.jobs.drain();
    expect((await owner.get('/api/contacts?q=8187654321')).body.items.map((c: { name: string }) => c.name)).toEqual([
      'Luis Garza',
    ]);
  });

  it('reads vCard 2.1, 3.0 and 4.0 as phones export them: soft line breaks, charsets, base64, tel: URIs, every number with its label', async () => {
    const android = parseVcard(fixture('android-21.vcf'));
    const col = (t: { columns: string[] }, name: string) => t.columns.indexOf(name);
    expect(android.rows[0]![0]).toBe('María José Hernández Ibáñez');
    expect(android.rows[0]![col(android, 'Notas')]).toBe(
      'Compra cada mes filtros y balatas. Prefiere que le llamen después de las 4 de la tarde; pide factura con su RFC de persona física.',
    );
    expect(android.rows[1]![0]).toBe('Señor Jesús Nuñez');
    const four = parseVcard(fixture('rfc6350-40.vcf'));
    expect(four.rows[0]![col(four, 'Notas')]).toBe('Paga a 30 días; solicita cotización antes de cada pedido.');
    expect(four.rows[0]![col(four, 'Teléfono (trabajo ext. 214)')]).toBe('+52-442-215-3000');

    const owner = await ownerOf(test);
    const uploaded = await upload(owner, fixture('iphone-30.vcf'), 'Alejandro.vcf', 'text/vcard');
    const options = { mapping: uploaded.body.suggestedMapping, source: 'iPhone de Mariana', onDuplicate: 'update' };
    await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    await test.ctx.jobs.drain();
    const [found] = (await owner.get('/api/contacts?q=trevino')).body.items;
    const alejandro = (await owner.get(`/api/contacts/${found.id}`)).body;
    expect(alejandro.phones).toEqual([
      { value: '+528111112222', label: 'mobile' },
      { value: '+528133334444', label: 'iphone' },
      { value: '+528183401000', label: 'work' },
      { value: '+528183552020', label: 'home' },
      { value: '+528183401001', label: 'main' },
      { value: '+528183401099', label: 'fax' },
      { value: '+528183401050', label: 'almacén' },
    ]);
    expect(alejandro.emails.map((e: { value: string; label: string }) => [e.value, e.label])).toEqual([
      ['atrevino@troquelesnorte.mx', 'work'],
      ['alex.trevino@icloud.com', 'home'],
    ]);
    expect(alejandro).toMatchObject({
      name: 'Ing. Alejandro Treviño',
      address: { street: 'Av. Ruiz Cortines 2400', city: 'Monterrey', state: 'NL', postalCode: '64400' },
      profile: { psychographics: { birthday: '1979-11-02' } },
      companies: [{ name: 'Troqueles y Moldes del Norte', role: 'Gerente de planta' }],
    });
    const notes = (await owner.get(`/api/contacts/${found.id}/notes`)).body;
    expect(notes[0].body).toBe(
      'Prefiere WhatsApp. Pide facturas con complemento de pago.\nVisitar en planta los martes.',
    );
  });

  it('imports what a card gets right and reports the rest; a card with only an email or company still comes in', async () => {
    const owner = await ownerOf(test);
    const uploaded = await upload(owner, fixture('bad-values.vcf'), 'raros.vcf', 'text/vcard');
    const options = { mapping: uploaded.body.suggestedMapping, source: 'Tarjetas', onDuplicate: 'update' };
    const preview = (await owner.post(`/api/imports/${uploaded.body.id}/preview`, options)).body;
    expect(preview.counts).toMatchObject({ new: 3, invalid: 0, partial: 1 });
    expect(preview.examples.find((e: { line: number }) => e.line === 2)).toMatchObject({
      name: 'Ramón Quintero',
      problems: ['invalid_email: ramon(arroba)gmail', 'invalid_phone: ext. de recepción'],
    });
    await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    await test.ctx.jobs.drain();
    const names = (await owner.get('/api/contacts')).body.items.map((c: { name: string }) => c.name).sort();
    expect(names).toEqual(['Aceros Quintero', 'Ramón Quintero', 'compras.sinnombre']);
    const rejected = String((await owner.get(`/api/imports/${uploaded.body.id}/rejected.csv`)).body);
    expect(rejected).toContain(
      'imported_without: invalid_email: ramon(arroba)gmail | invalid_phone: ext. de recepción',
    );
  });

  it('keeps three people who share the office line, flagged; the same name and line twice is one person', async () => {
    const owner = await ownerOf(test);
    const uploaded = await upload(owner, fixture('office-landline.csv'));
    const options = { mapping: uploaded.body.suggestedMapping, source: 'Despacho Robles', onDuplicate: 'update' };
    const preview = (await owner.post(`/api/imports/${uploaded.body.id}/preview`, options)).body;
    expect(preview.counts).toMatchObject({ new: 3, duplicate: 1, sharedPhone: 2 });
    expect(preview.examples.find((e: { line: number }) => e.line === 3).reason).toBe('shared_phone: Carmen Robles');
    expect(preview.examples.find((e: { line: number }) => e.line === 5).reason).toBe('same_as_line: 2');
    await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    await test.ctx.jobs.drain();
    const people = (await owner.get('/api/contacts?q=5552501000')).body.items;
    expect(people).toHaveLength(3);
    // A later file with the line again and another name: still not a duplicate of anyone.
    const later = await upload(owner, 'Nombre,Teléfono\nPaco Robles,55 5250 1000\n');
    expect(
      (await owner.post(`/api/imports/${later.body.id}/preview`, { ...options, mapping: ['name', 'phone'] })).body
        .counts,
    ).toMatchObject({ new: 1, update: 0, sharedPhone: 1 });
  });

  it('maps the exports of Google Contacts, Outlook, Thunderbird, HubSpot and WhatsApp Business without hand work, and remembers a mapping', async () => {
    const owner = await ownerOf(test);
    const run = async (name: string) => {
      const uploaded = await upload(owner, fixture(name), name);
      const options = { mapping: uploaded.body.suggestedMapping, source: name, onDuplicate: 'update' };
      const preview = (await owner.post(`/api/imports/${uploaded.body.id}/preview`, options)).body;
      expect(preview.counts.invalid + preview.counts.partial, name).toBe(0);
      await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
      await test.ctx.jobs.drain();
    };
    for (const name of [
      'google-contacts.csv',
      'outlook.csv',
      'thunderbird.csv',
      'hubspot.csv',
      'whatsapp-business.csv',
    ])
      await run(name);
    const get = async (q: string) =>
      (await owner.get(`/api/contacts/${(await owner.get(`/api/contacts?q=${q}`)).body.items[0].id}`)).body;
    const gaby = await get('saucedo');
    expect(gaby).toMatchObject({
      name: 'Gabriela Saucedo',
      emails: [
        { value: 'gaby@empaquessaucedo.mx', label: 'work' },
        { value: 'gaby.saucedo@gmail.com', label: 'home' },
      ],
      phones: [
        { value: '+524771234567', label: 'mobile' },
        { value: '+524777102200', label: 'work' },
      ],
      address: {
        street: 'Blvd. López Mateos 1500',
        city: 'León',
        state: 'Gto.',
        postalCode: '37000',
        country: 'México',
      },
      profile: { psychographics: { birthday: '1988-05-14' } },
      companies: [{ name: 'Empaques Saucedo', role: 'Directora' }],
    });
    expect(gaby.tags).toEqual(['Proveedores', 'myContacts']);
    const octavio = await get('zamora');
    expect(octavio.phones).toEqual([
      { value: '+525556610099', label: 'fax' },
      { value: '+525556610000', label: 'work' },
      { value: '+525555203344', label: 'home' },
      { value: '+525544332211', label: 'mobile' },
    ]);
    expect(octavio).toMatchObject({
      website: 'https://zamorayasociados.mx',
      address: { city: 'Ciudad de México', postalCode: '03940' },
      profile: { psychographics: { birthday: '1975-07-03' } },
      companies: [{ role: 'Socio director' }],
    });
    const rebeca = await get('lozano');
    expect(rebeca).toMatchObject({
      name: 'Rebeca Lozano',
      address: { street: 'Calle Hidalgo 300', city: 'Monterrey' },
      phones: [
        { value: '+528181234500', label: 'work' },
        { value: '+528112349876', label: 'mobile' },
      ],
    });
    expect(await get('villarreal')).toMatchObject({ status: 'active', phones: [{ label: null }, { label: 'mobile' }] });
    expect((await get('tortilleria')).tags).toEqual(['Cliente frecuente']);

    // A mapping changed by hand and saved is offered again for the next file with the same columns.
    const first = await upload(owner, 'Cliente,Cel,Comentario\nAna,5512345678,x\n');
    expect(first.body.savedMapping).toBeNull();
    const mapping = ['name', 'phone', 'notes'];
    await owner.post(`/api/imports/${first.body.id}/start`, {
      mapping,
      source: 'Lista semanal',
      onDuplicate: 'update',
      saveMappingAs: 'Lista semanal de ventas',
    });
    const next = await upload(owner, 'Cliente,Cel,Comentario\nBeto,5587654321,y\n');
    expect(next.body).toMatchObject({ suggestedMapping: mapping, savedMapping: { name: 'Lista semanal de ventas' } });
    const saved = (await owner.get('/api/import-mappings')).body;
    expect(saved).toHaveLength(1);
    expect((await owner.delete(`/api/import-mappings/${saved[0].id}`)).status).toBe(200);
    expect((await owner.get('/api/import-mappings')).body).toEqual([]);
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

// CSV import of 100,000 rows: rows per second from start to done, and how long other requests wait meanwhile
// (a health check every 100 ms during the import; its worst and p99 latency).
import { performance } from 'node:perf_hooks';
import { startTestApp, ownerOf } from '../apps/server/src/testing/harness.js';
import { businesses, firstNames, lastNames, plans } from '../apps/server/src/modules/demo/data.js';
import { seeded } from './generate.js';
import { percentile, dialectsToRun } from './lib.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);

export async function importBench(dialect: 'sqlite' | 'postgres') {
  const test = await startTestApp({ dialect });
  try {
    const owner = await ownerOf(test);
    const rand = seeded(11);
    const pick = <T>(l: readonly T[]) => l[Math.floor(rand() * l.length)]!;
    const lines = ['Nombre,Correo,Teléfono,Empresa,Etiquetas'];
    for (let i = 0; i < ROWS; i++)
      lines.push(
        `${pick(firstNames)} ${pick(lastNames)},persona${i}@ejemplo.mx,55${String(10_000_000 + Math.floor(rand() * 89_999_999))},${pick(businesses)},${pick(plans)}`,
      );
    const csv = lines.join('\n');
    const uploaded = await owner.request('POST', '/api/imports', csv, {
      'content-type': 'text/csv',
      'x-file-name': 'asistentes.csv',
    });
    if (uploaded.status !== 201) throw new Error(JSON.stringify(uploaded.body));
    const options = { mapping: uploaded.body.suggestedMapping, source: 'Expo Pyme 2026', onDuplicate: 'update' };
    const previewStarted = performance.now();
    const preview = await owner.post(`/api/imports/${uploaded.body.id}/preview`, options);
    const previewMs = Math.round(performance.now() - previewStarted);
    const started = performance.now();
    await owner.post(`/api/imports/${uploaded.body.id}/start`, options);
    const waits: number[] = [];
    let running = true;
    const probe = (async () => {
      while (running) {
        const t = performance.now();
        await test.app.inject({ method: 'GET', url: '/api/health' });
        waits.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await test.ctx.jobs.drain();
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await probe;
    const status = (await owner.get(`/api/imports/${uploaded.body.id}`)).body;
    waits.sort((a, b) => a - b);
    return {
      dialect,
      rows: ROWS,
      previewMs,
      previewCounts: preview.body.counts,
      seconds: +seconds.toFixed(1),
      rowsPerSecond: Math.round(ROWS / seconds),
      created: status.created,
      status: status.status,
      healthCheckP99Ms: +percentile(waits, 99).toFixed(1),
      healthCheckMaxMs: +Math.max(...waits).toFixed(1),
    };
  } finally {
    await test.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const d of dialectsToRun()) console.log(JSON.stringify(await importBench(d)));
}

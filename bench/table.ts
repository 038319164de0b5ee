// Every figure the issues name, with its target, as one Markdown table: read from what `npm run bench` saved
// (bench/results/latest.json) and, for the load held over time, what `bench/soak.ts` saved (bench/results/soak.json).
//   npx tsx bench/table.ts            prints the table (bench/README.md carries the last one)
import { existsSync, readFileSync } from 'node:fs';

type Dialect = 'sqlite' | 'postgres';
type Row = Record<string, any>;
const read = (name: string) =>
  existsSync(new URL(`results/${name}`, import.meta.url))
    ? JSON.parse(readFileSync(new URL(`results/${name}`, import.meta.url), 'utf8'))
    : undefined;
const results = read('latest.json');
if (!results) throw new Error('No bench/results/latest.json: run `npm run bench` first');
const soak: Row[] = read('soak.json') ?? [];

const of = (key: string, dialect: Dialect): Row | undefined =>
  (results[key] as Row[] | undefined)?.find((r) => r.dialect === dialect);
const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const ms = (n: number | undefined) => (n === undefined ? '—' : `${num(n)} ms`);

interface Figure {
  issue: number;
  figure: string;
  target: string;
  value: (dialect: Dialect) => string;
  /** The same for both dialects (sizes, start-up). */
  single?: boolean;
  /** Whether the target is met, per dialect; undefined where the issue names no target. */
  met?: (dialect: Dialect) => boolean | undefined;
}

const under = (limit: number, get: (d: Dialect) => number | undefined) => (d: Dialect) => {
  const v = get(d);
  return v === undefined ? undefined : v < limit;
};
const p95Of = (key: string, field: string) => (d: Dialect) => of(key, d)?.[field]?.p95 as number | undefined;
const p95 = (key: string, field: string) => (d: Dialect) => ms(p95Of(key, field)(d));
const kb = (text: string) => Number.parseFloat(text);
const ingest = (d: Dialect) => of('whatsappIngest', d);

const figures: Figure[] = [
  {
    issue: 2,
    figure: 'cold start of `npm start` on an existing install (median of 5)',
    target: '—',
    single: true,
    value: () => ms(results.startup.medianMs),
  },
  {
    issue: 2,
    figure: 'widget message POST, 20 connections (req/s; p99)',
    target: '—',
    value: (d) =>
      of('widgetPost', d)
        ? `${num(of('widgetPost', d)!.requestsPerSecond)}/s; ${ms(of('widgetPost', d)!.latencyP99Ms)}`
        : '—',
  },
  {
    issue: 2,
    figure: 'message → agent screen, 100 consoles (p50; p99)',
    target: '—',
    value: (d) =>
      of('realtimeLatency', d) ? `${ms(of('realtimeLatency', d)!.p50Ms)}; ${ms(of('realtimeLatency', d)!.p99Ms)}` : '—',
  },
  {
    issue: 2,
    figure: 'widget script, gzipped',
    target: '< 30 KB',
    single: true,
    value: () => results.sizes.widget.gzip,
    met: () => kb(results.sizes.widget.gzip) < 30,
  },
  {
    issue: 2,
    figure: "console's first-load JS, gzipped (+ CSS)",
    target: '—',
    single: true,
    value: () => `${results.sizes.console.gzip} (+ ${results.sizes.console.cssGzip})`,
  },
  {
    issue: 3,
    figure: 'contact search p95, 100,000 contacts',
    target: '< 30 ms (SQLite)',
    value: p95('customers', 'searchMs'),
    met: (d) => (d === 'sqlite' ? under(30, p95Of('customers', 'searchMs'))(d) : undefined),
  },
  {
    issue: 3,
    figure: '3-rule segment count p95',
    target: '< 100 ms',
    value: p95('customers', 'segmentCountMs'),
    met: under(100, p95Of('customers', 'segmentCountMs')),
  },
  {
    issue: 3,
    figure: 'CSV import of 100,000 rows',
    target: '< 30 s',
    value: (d) =>
      of('import', d) ? `${num(of('import', d)!.seconds)} s (${num(of('import', d)!.rowsPerSecond)} rows/s)` : '—',
    met: under(30, (d) => of('import', d)?.seconds),
  },
  { issue: 3, figure: 'timeline p95, a contact with 2,000 items', target: '—', value: p95('customers', 'timelineMs') },
  {
    issue: 4,
    figure: 'inbox view p95, 250,000 conversations / 2.5 M messages',
    target: '< 20 ms SQLite, < 30 ms PostgreSQL',
    value: p95('inbox', 'inboxViewMs'),
    met: (d) => under(d === 'sqlite' ? 20 : 30, p95Of('inbox', 'inboxViewMs'))(d),
  },
  {
    issue: 4,
    figure: 'WhatsApp webhook ingest, 32 connections (messages/s; p99)',
    target: '2,000/s, p99 < 50 ms (SQLite)',
    value: (d) => (ingest(d) ? `${num(ingest(d)!.messagesPerSecond)}/s; ${ms(ingest(d)!.latencyP99Ms)}` : '—'),
    met: (d) =>
      d === 'sqlite' && ingest(d) ? ingest(d)!.messagesPerSecond >= 2_000 && ingest(d)!.latencyP99Ms < 50 : undefined,
  },
  {
    issue: 4,
    figure: 'WhatsApp ingest ÷ bare Fastify doing one SQLite insert',
    target: '≥ 0.5 (SQLite)',
    value: (d) =>
      d === 'sqlite' && ingest(d)
        ? `${ingest(d)!.ratioToBare} (bare: ${num((results.whatsappIngest as Row[])[0]!.messagesPerSecond)}/s)`
        : '—',
    met: (d) => (d === 'sqlite' && ingest(d) ? ingest(d)!.ratioToBare >= 0.5 : undefined),
  },
  {
    issue: 4,
    figure: 'message search p95',
    target: '< 50 ms',
    value: p95('inbox', 'messageSearchMs'),
    met: under(50, p95Of('inbox', 'messageSearchMs')),
  },
  {
    issue: 5,
    figure: 'help-center search p95, 10,000 articles',
    target: '< 30 ms',
    value: p95('knowledge', 'helpSearchMs'),
    met: under(30, p95Of('knowledge', 'helpSearchMs')),
  },
  {
    issue: 5,
    figure: 'article suggestions while typing p95',
    target: '< 50 ms',
    value: p95('knowledge', 'suggestionsMs'),
    met: under(50, p95Of('knowledge', 'suggestionsMs')),
  },
  {
    issue: 5,
    figure: 'Pareto of a year, 100,000 incidents, p95',
    target: '< 200 ms',
    value: p95('knowledge', 'paretoYearMs'),
    met: under(200, p95Of('knowledge', 'paretoYearMs')),
  },
  {
    issue: 5,
    figure: 'help-center article page with a diagram (transferred, gzipped)',
    target: '< 100 KB',
    value: (d) => (of('knowledge', d) ? `${num(of('knowledge', d)!.articlePageBytes.gzip / 1024)} KB` : '—'),
    met: under(100 * 1024, (d) => of('knowledge', d)?.articlePageBytes.gzip),
  },
  {
    issue: 6,
    figure: 'service-standards dashboard p95, 30 days, 250,000 conversations',
    target: '< 300 ms',
    value: p95('insight', 'dashboard30DaysMs'),
    met: under(300, p95Of('insight', 'dashboard30DaysMs')),
  },
  {
    issue: 6,
    figure: "one survey's results page p95 (a year)",
    target: '< 100 ms',
    value: p95('insight', 'surveyResultsYearMs'),
    met: under(100, p95Of('insight', 'surveyResultsYearMs')),
  },
  {
    issue: 6,
    figure: 'survey answer page, longest questionnaire (raw)',
    target: '< 50 KB',
    value: (d) => (of('insight', d) ? `${num(of('insight', d)!.questionnaireAnswerPageBytes.raw / 1024)} KB` : '—'),
    met: under(50 * 1024, (d) => of('insight', d)?.questionnaireAnswerPageBytes.raw),
  },
  {
    issue: 7,
    figure: 'Kanban board load p95, 50,000 deals',
    target: '< 50 ms',
    value: p95('sales', 'boardMs'),
    met: under(50, p95Of('sales', 'boardMs')),
  },
  {
    issue: 7,
    figure: 'portal project page p95, 10,000 projects',
    target: '< 50 ms',
    value: p95('projects', 'portalProjectPageMs'),
    met: under(50, p95Of('projects', 'portalProjectPageMs')),
  },
  {
    issue: 7,
    figure: 'follow-up due actions handled per second',
    target: '≥ 1,000/s',
    value: (d) => (of('followups', d) ? `${num(of('followups', d)!.actionsPerSecond)}/s` : '—'),
    met: (d) => (of('followups', d) ? of('followups', d)!.actionsPerSecond >= 1_000 : undefined),
  },
];

const soakOf = (d: Dialect) => soak.find((r) => r.dialect === d);
if (soak.length) {
  figures.push(
    {
      issue: 8,
      figure: 'load held 10 min: 200 consoles, webhooks arriving at 1,000/s, open loop (achieved; p99; errors)',
      target: '1,000/s, no errors',
      value: (d) =>
        soakOf(d)
          ? `${num(soakOf(d)!.achievedRate)}/s; ${ms(soakOf(d)!.latencyP99Ms)}; ${soakOf(d)!.errors} errors (${soakOf(d)!.processes} process${soakOf(d)!.processes > 1 ? 'es' : ''})`
          : '—',
      met: (d) => (soakOf(d) ? soakOf(d)!.achievedRate >= 990 && soakOf(d)!.errors === 0 : undefined),
    },
    // Each process's first → last minute, and the range of its minute averages (a climb shows as a last minute at the top).
    {
      issue: 8,
      figure: 'memory over those 10 min (anonymous RSS, first → last minute; minute averages, MB)',
      target: 'flat',
      value: (d) =>
        soakOf(d)
          ? (soakOf(d)!.rssMb as Row[])
              .map((m, i) => {
                const minutes = (soakOf(d)!.rssMbByMinute as number[][] | undefined)?.[i] ?? [];
                return `${m.firstMinute} → ${m.lastMinute}${minutes.length ? ` (${Math.min(...minutes)}–${Math.max(...minutes)})` : ''}`;
              })
              .join(', ')
          : '—',
    },
  );
}

/** A figure the saved results do not hold (its benchmark was not run, or not on that database) reads "not run". */
const cell = (f: Figure, d: Dialect) => {
  try {
    const met = f.met?.(d);
    return `${f.value(d)}${met === undefined ? '' : met ? ' ✓' : ' ✗'}`;
  } catch {
    return 'not run';
  }
};
const lines = ['| issue | figure | target | SQLite | PostgreSQL |', '| --- | --- | --- | --- | --- |'];
for (const f of figures) {
  const cells = f.single ? [cell(f, 'sqlite'), '(same)'] : (['sqlite', 'postgres'] as const).map((d) => cell(f, d));
  lines.push(`| ${f.issue} | ${f.figure} | ${f.target} | ${cells.join(' | ')} |`);
}
console.log(
  `Measured ${results.at} on ${results.machine.cores} cores, ${results.machine.memoryGiB} GiB, Node ${results.machine.node}${soak.length ? `; soak ${soak[0]!.at ?? ''}` : ''}\n`,
);
console.log(lines.join('\n'));

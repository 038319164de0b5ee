// Every benchmark, one after another, printed as one table of figures (and saved to bench/results/latest.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dialectsToRun } from './lib.js';
import { realtimeLatency } from './realtime-latency.js';
import { sizes } from './sizes.js';
import { startup } from './startup.js';
import { customers } from './customers.js';
import { importBench } from './import.js';
import { widgetPost } from './widget-post.js';
import { bareIngest, whatsappIngest } from './whatsapp-ingest.js';
import { inbox } from './inbox.js';
import { knowledge } from './knowledge.js';
import { insight } from './insight.js';
import { followups } from './followups.js';
import { projects } from './projects.js';
import { sales } from './sales.js';
import { afterSales } from './after-sales.js';

const results: Record<string, unknown> = { machine: { cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version }, at: new Date().toISOString() };
results.sizes = sizes();
console.log('sizes', JSON.stringify(results.sizes));
results.startup = await startup();
console.log('startup', JSON.stringify(results.startup));
results.widgetPost = [];
results.realtimeLatency = [];
for (const dialect of dialectsToRun()) {
  const post = await widgetPost(dialect);
  (results.widgetPost as unknown[]).push(post);
  console.log('widget post', JSON.stringify(post));
  const latency = await realtimeLatency(dialect);
  (results.realtimeLatency as unknown[]).push(latency);
  console.log('realtime latency', JSON.stringify(latency));
}
results.customers = [];
results.import = [];
for (const dialect of dialectsToRun()) {
  const c = await customers(dialect);
  (results.customers as unknown[]).push(c);
  console.log('customers', JSON.stringify(c));
  const i = await importBench(dialect);
  (results.import as unknown[]).push(i);
  console.log('import', JSON.stringify(i));
}
const baseline = await bareIngest();
results.whatsappIngest = [{ baseline: 'bare Fastify + one SQLite insert', ...baseline }];
console.log('whatsapp ingest baseline', JSON.stringify(baseline));
for (const dialect of dialectsToRun()) {
  const w = await whatsappIngest(dialect);
  const row = { ...w, ...(dialect === 'sqlite' ? { ratioToBare: +(w.messagesPerSecond / baseline.messagesPerSecond).toFixed(2) } : {}) };
  (results.whatsappIngest as unknown[]).push(row);
  console.log('whatsapp ingest', JSON.stringify(row));
}
results.inbox = [];
for (const dialect of dialectsToRun()) {
  const row = await inbox(dialect);
  (results.inbox as unknown[]).push(row);
  console.log('inbox', JSON.stringify(row));
}
results.knowledge = [];
for (const dialect of dialectsToRun()) {
  const row = await knowledge(dialect);
  (results.knowledge as unknown[]).push(row);
  console.log('knowledge', JSON.stringify(row));
}
results.insight = [];
for (const dialect of dialectsToRun()) {
  const row = await insight(dialect);
  (results.insight as unknown[]).push(row);
  console.log('insight', JSON.stringify(row));
}
results.sales = [];
for (const dialect of dialectsToRun()) {
  const row = await sales(dialect);
  (results.sales as unknown[]).push(row);
  console.log('sales', JSON.stringify(row));
}
results.projects = [];
for (const dialect of dialectsToRun()) {
  const row = await projects(dialect);
  (results.projects as unknown[]).push(row);
  console.log('projects', JSON.stringify(row));
}
results.followups = [];
for (const dialect of dialectsToRun()) {
  const row = await followups(dialect);
  (results.followups as unknown[]).push(row);
  console.log('followups', JSON.stringify(row));
}
results.afterSales = [];
for (const dialect of dialectsToRun()) {
  const row = await afterSales(dialect);
  (results.afterSales as unknown[]).push(row);
  console.log('after-sales', JSON.stringify(row));
}
mkdirSync(new URL('results', import.meta.url), { recursive: true });
writeFileSync(new URL('results/latest.json', import.meta.url), JSON.stringify(results, null, 2));

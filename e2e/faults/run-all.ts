// Every fault script, one after another (each prints what it checked and PASS or FAIL): `npm run faults`.
// The PostgreSQL outage restarts the local cluster and the disk-full one mounts a tmpfs, so both need root.
import { spawnSync } from 'node:child_process';

const runs: [string, Record<string, string>][] = [
  ['e2e/faults/kill-during-ingest.ts', {}],
  ['e2e/faults/kill-during-ingest.ts', { FAULT_DIALECT: 'postgres' }],
  ['e2e/faults/postgres-outage.ts', {}],
  ['e2e/faults/disk-full.ts', {}],
  ['e2e/faults/backup-round-trip.ts', {}],
  ['e2e/faults/backup-round-trip.ts', { FAULT_DIALECT: 'postgres' }],
];
let failed = 0;
for (const [script, env] of runs) {
  console.log(
    `\n▶ ${script} ${Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
  const result = spawnSync('npx', ['tsx', script], { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failed++;
}
console.log(`\n${runs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

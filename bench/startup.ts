// Cold start of `npm start` on an existing install: from launching the command to the first answer of /api/health,
// with everything already built and the database already migrated.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile } from './lib.js';

const root = new URL('..', import.meta.url).pathname;

async function once(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error('server did not start in 60 s');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

export async function startup(runs = 5) {
  const dataDir = mkdtempSync(join(tmpdir(), 'atiende-bench-start-'));
  const port = 3900 + Math.floor(Math.random() * 90);
  try {
    await once(dataDir, port); // creates and migrates the database; builds if anything is stale
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await once(dataDir, port));
    times.sort((a, b) => a - b);
    return {
      runs,
      medianMs: Math.round(percentile(times, 50)),
      minMs: Math.round(times[0]!),
      maxMs: Math.round(times.at(-1)!),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await startup(), null, 2));

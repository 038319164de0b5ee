// The fault scripts' server: the real built server as a child process on a data directory (SQLite) or database
// (PostgreSQL) that outlives it, so it can be killed with SIGKILL and started again on the same data.
import { type ChildProcess, spawn } from 'node:child_process';

export { freePort, postgresUrl, scratchDatabase } from '../harness.js';

const root = new URL('../..', import.meta.url).pathname;

export class ServerProcess {
  private child: ChildProcess | undefined;
  readonly url: string;
  log: string[] = [];

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    this.log = [];
    const child = spawn(process.execPath, ['apps/server/dist/main.js', 'start'], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        PUBLIC_URL: this.url,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => this.log.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${this.log.slice(-20).join('\n')}`);
      if (
        await fetch(`${this.url}/api/health`)
          .then((r) => r.ok)
          .catch(() => false)
      )
        return;
      if (Date.now() > deadline) throw new Error(`server did not start: ${this.log.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Whether the process is still there (a fault must not have killed it). */
  get alive(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** SIGKILL: no shutdown, no flush, no goodbye. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve),
    );
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
  }
}

/** The first visit's setup through the API: cookie and CSRF token of the owner. */
export async function setUp(url: string): Promise<{ cookie: string; csrf: string }> {
  const setup = await fetch(`${url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      ownerName: 'Fault Owner',
      email: 'faults@example.com',
      password: 'fault password 1',
      companyName: 'Faults Co',
      language: 'es',
    }),
  });
  if (setup.status !== 201) throw new Error(`setup failed: ${await setup.text()}`);
  return {
    cookie: setup.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: ((await setup.json()) as { csrfToken: string }).csrfToken,
  };
}

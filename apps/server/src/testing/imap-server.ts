// A real IMAP server for tests: Debian's Dovecot, started as a non-root user on a free high port with one mailbox,
// and an IMAP client that delivers mail into it (APPEND) as a customer's mail server would.
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ImapFlow } from 'imapflow';

export const dovecotPath = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';
export const hasDovecot = existsSync(dovecotPath);

export interface ImapServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Puts a raw RFC 5322 message into the INBOX, as delivery would. */
  deliver(raw: string | Buffer): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error(`Dovecot did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Dovecot refuses to run its services as root: under root the whole server runs as the 'dovecot' system user. */
function runAs(): { name: string; group: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0)
    return { name: me.username, group: execFileSync('id', ['-gn']).toString().trim(), uid: me.uid, gid: me.gid };
  const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString());
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString());
  return { name: 'dovecot', group: execFileSync('id', ['-gn', 'dovecot']).toString().trim(), uid, gid };
}

export async function startImapServer(user = 'soporte@acme.test', password = 'imap-secret-123'): Promise<ImapServer> {
  const dir = mkdtempSync(join(tmpdir(), 'atiende-dovecot-'));
  const port = await freePort();
  const who = runAs();
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`);
  writeFileSync(
    join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${who.name}
default_internal_group = ${who.group}
default_login_user = ${who.name}
first_valid_uid = ${who.uid}
first_valid_gid = ${who.gid}
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${who.uid} gid=${who.gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`,
  );
  if (userInfo().uid === 0)
    for (const p of [dir, ...['run', 'state', 'mail', 'home', 'passwd', 'dovecot.conf'].map((s) => join(dir, s))])
      chownSync(p, who.uid, who.gid);
  const child: ChildProcess = spawn(dovecotPath, ['-F', '-c', join(dir, 'dovecot.conf')], {
    uid: who.uid,
    gid: who.gid,
    stdio: 'ignore',
  });
  const deliverer = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user, pass: password },
    logger: false,
  });
  try {
    await waitForPort(port);
    await deliverer.connect();
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    async deliver(raw) {
      await deliverer.append('INBOX', typeof raw === 'string' ? Buffer.from(raw) : raw);
    },
    async close() {
      await deliverer.logout().catch(() => {});
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, ownerOf, startTestApp, uniqueEmail } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

const resetLinkFor = async (email: string): Promise<string> => {
  const jobs = await test.database.db
    .selectFrom('jobs')
    .select('payload')
    .where('name', '=', 'mail.send')
    .orderBy('created_at', 'desc')
    .execute();
  const mail = jobs.map((j) => JSON.parse(j.payload) as { to: string; text: string }).find((m) => m.to === email);
  if (!mail) throw new Error('no reset mail queued');
  return mail.text.match(/\/reset\/(\S+)/)![1]!;
};

describe('first-run setup', () => {
  it('creates the workspace, its owner and a web chat inbox, and signs the owner in', async () => {
    const client = new Client(test.app);
    expect((await client.get('/api/setup')).body).toEqual({ needsSetup: true, demoAvailable: true });
    const email = uniqueEmail();
    const created = await client.post('/api/setup', {
      ownerName: 'Ana',
      email,
      password: 'correct horse battery',
      companyName: 'Facturas MX',
      language: 'es',
    });
    expect(created.status).toBe(201);
    expect(created.body.workspace).toMatchObject({
      name: 'Facturas MX',
      language: 'es',
      timeZone: 'America/Mexico_City',
      role: 'owner',
    });
    expect(String(created.headers['set-cookie'])).toMatch(/atiende_session=.+HttpOnly.*SameSite=Lax/i);
    const inboxes = await client.get('/api/inboxes');
    expect(inboxes.body).toHaveLength(1);
    expect(inboxes.body[0]).toMatchObject({ channel: 'webchat', name: 'Sitio web' });
    expect((await client.get('/api/setup')).body.needsSetup).toBe(false);
  });

  it('refuses a second setup once a workspace exists', async () => {
    await ownerOf(test);
    const other = new Client(test.app);
    const again = await other.post('/api/setup', {
      ownerName: 'Eve',
      email: uniqueEmail(),
      password: 'correct horse battery',
      companyName: 'Eve Inc',
      language: 'en',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_closed');
    const count = await test.database.db
      .selectFrom('workspaces')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('names the invalid fields and writes nothing', async () => {
    const client = new Client(test.app);
    const bad = await client.post('/api/setup', {
      ownerName: '',
      email: 'not-an-email',
      password: 'short',
      companyName: 'X',
      language: 'fr',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'email',
      'language',
      'ownerName',
      'password',
      'timeZone',
    ]);
    expect(await test.database.db.selectFrom('workspaces').selectAll().execute()).toHaveLength(0);
  });
});

describe('signing in and out', () => {
  it('gives the same answer for an unknown account and a wrong password', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const stranger = new Client(test.app);
    const wrong = await stranger.post('/api/auth/login', { email, password: 'wrong password!!' });
    const unknown = await stranger.post('/api/auth/login', {
      email: 'nobody@example.com',
      password: 'wrong password!!',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error).toEqual({
      code: 'invalid_credentials',
      message: 'The email or the password is not correct.',
    });
  });

  it('rotates the session at sign-in and revokes it at sign-out', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const before = owner.cookie;
    const again = await owner.post('/api/auth/login', { email, password: 'correct horse battery' });
    expect(again.status).toBe(200);
    expect(owner.cookie).not.toBe(before);
    const old = new Client(test.app);
    old.cookie = before;
    expect((await old.get('/api/auth/session')).status).toBe(401);
    const stolen = owner.cookie;
    expect((await owner.post('/api/auth/logout')).status).toBe(200);
    const replay = new Client(test.app);
    replay.cookie = stolen;
    expect((await replay.get('/api/auth/session')).status).toBe(401);
  });

  it('locks an account after five failures, even with the right password', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const attacker = new Client(test.app);
    for (let i = 0; i < 5; i++)
      expect((await attacker.post('/api/auth/login', { email, password: `guess number ${i}` })).status).toBe(401);
    const locked = await attacker.post('/api/auth/login', { email, password: 'correct horse battery' });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
  });

  it('a stranger guessing locks out strangers, never the browser the owner already signed in from', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    expect(owner.device).toMatch(/^atiende_device=/);
    const attackers = ['198.51.100.1', '198.51.100.2', '198.51.100.3'];
    for (let i = 0; i < 6; i++) {
      await test.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: attackers[i % 3],
        payload: { email, password: `guess number ${i}` },
      });
    }
    // A new browser waits, even with the right password…
    const newBrowser = await new Client(test.app).post('/api/auth/login', { email, password: 'correct horse battery' });
    expect(newBrowser.status).toBe(429);
    // …the owner's own browser signs in.
    expect((await owner.post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(200);
    // A stolen device cookie is no way around the limit: it is locked by its own failures.
    const thief = new Client(test.app);
    thief.device = owner.device;
    for (let i = 0; i < 5; i++)
      expect((await thief.post('/api/auth/login', { email, password: `guess ${i} again` })).status).toBe(401);
    expect((await thief.post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(429);
  });

  it('a password reset lets the owner in from anywhere again', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const stranger = new Client(test.app);
    for (let i = 0; i < 5; i++) await stranger.post('/api/auth/login', { email, password: `guess number ${i}` });
    await owner.post('/api/auth/password-reset/request', { email });
    await owner.post('/api/auth/password-reset/confirm', {
      token: await resetLinkFor(email),
      password: 'a brand new password',
    });
    expect(
      (await new Client(test.app).post('/api/auth/login', { email, password: 'a brand new password' })).status,
    ).toBe(200);
  });

  it('joining with an invitation is no password oracle: the same limits as signing in, the same answers for known and unknown accounts', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const other = await ownerOf(test);
    const inviteToken = async () =>
      String((await other.post('/api/invitations', { role: 'agent' })).body.url).split('/invite/')[1];
    const token = await inviteToken();
    const attacker = new Client(test.app);
    // A short password is refused by its form alike for a known and an unknown email.
    const shortKnown = await attacker.post(`/api/invitations/by-token/${token}/accept`, {
      name: 'Eve',
      email,
      password: 'short',
    });
    const shortUnknown = await attacker.post(`/api/invitations/by-token/${token}/accept`, {
      name: 'Eve',
      email: 'nobody.here@example.com',
      password: 'short',
    });
    expect([shortKnown.status, shortUnknown.status]).toEqual([400, 400]);
    expect(shortKnown.body).toEqual(shortUnknown.body);
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await attacker.post(`/api/invitations/by-token/${token}/accept`, {
            name: 'Eve',
            email,
            password: `guess number ${i}`,
          })
        ).status,
      ).toBe(401);
    }
    // The guesses count for the sign-in too, and the other way round.
    const locked = await attacker.post(`/api/invitations/by-token/${token}/accept`, {
      name: 'Eve',
      email,
      password: 'correct horse battery',
    });
    expect(locked.status).toBe(429);
    expect((await attacker.post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(429);
    expect(
      await test.database.db
        .selectFrom('memberships')
        .select('workspace_id')
        .where('user_id', '=', (await owner.get('/api/auth/session')).body.user.id)
        .execute(),
    ).toHaveLength(1);
    // The owner, from a browser they signed in from, still joins.
    const joined = await owner.post(`/api/invitations/by-token/${await inviteToken()}/accept`, {
      name: 'Ana Owner',
      email,
      password: 'correct horse battery',
    });
    expect(joined.status).toBe(200);
  });

  it('rejects a state change without the CSRF token and writes nothing', async () => {
    const owner = await ownerOf(test);
    const csrf = owner.csrf;
    owner.csrf = '';
    const forged = await owner.patch('/api/workspace', { name: 'Hacked' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    owner.csrf = csrf;
    expect((await owner.get('/api/workspace')).body.name).toBe('Acme Facturas');
  });
});

describe('password reset', () => {
  it('works once, within the hour, and ends every session', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const visitor = new Client(test.app);
    expect((await visitor.post('/api/auth/password-reset/request', { email })).body).toEqual({ ok: true });
    // Unknown accounts get the same answer and no mail.
    expect((await visitor.post('/api/auth/password-reset/request', { email: 'ghost@example.com' })).body).toEqual({
      ok: true,
    });
    const token = await resetLinkFor(email);
    const reset = await visitor.post('/api/auth/password-reset/confirm', { token, password: 'a brand new password' });
    expect(reset.status).toBe(200);
    expect((await owner.get('/api/auth/session')).status).toBe(401);
    const reused = await visitor.post('/api/auth/password-reset/confirm', { token, password: 'another new password' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('token_invalid');
    expect((await visitor.post('/api/auth/login', { email, password: 'a brand new password' })).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    await owner.post('/api/auth/password-reset/request', { email });
    const token = await resetLinkFor(email);
    await test.database.db
      .updateTable('password_resets')
      .set({ expires_at: Date.now() - 1 })
      .execute();
    const late = await owner.post('/api/auth/password-reset/confirm', { token, password: 'a brand new password' });
    expect(late.body.error.code).toBe('token_invalid');
    expect(
      (await new Client(test.app).post('/api/auth/login', { email, password: 'correct horse battery' })).status,
    ).toBe(200);
  });

  it('limits reset requests per account and wrong tokens per address (no guessing, no mail flood)', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const from = (remoteAddress: string, url: string, payload: object) =>
      test.app.inject({ method: 'POST', url, remoteAddress, payload });
    for (let i = 0; i < 5; i++)
      expect((await from('198.51.100.7', '/api/auth/password-reset/request', { email })).statusCode).toBe(200);
    const flood = await from('198.51.100.8', '/api/auth/password-reset/request', { email });
    expect(flood.statusCode).toBe(429);
    expect(flood.json().error.code).toBe('too_many_attempts');
    const token = await resetLinkFor(email);
    for (let i = 0; i < 10; i++)
      expect(
        (
          await from('203.0.113.9', '/api/auth/password-reset/confirm', {
            token: `guess-${i}-${'x'.repeat(30)}`,
            password: 'a brand new password',
          })
        ).json().error.code,
      ).toBe('token_invalid');
    // Locked out: even the right token waits, from that address; the link still works from another.
    expect(
      (await from('203.0.113.9', '/api/auth/password-reset/confirm', { token, password: 'a brand new password' }))
        .statusCode,
    ).toBe(429);
    expect(
      (await from('203.0.113.10', '/api/auth/password-reset/confirm', { token, password: 'a brand new password' }))
        .statusCode,
    ).toBe(200);
  });

  it('changing the password keeps this session and ends the others', async () => {
    const owner = await ownerOf(test);
    const email = (await owner.get('/api/auth/session')).body.user.email;
    const phone = new Client(test.app);
    await phone.post('/api/auth/login', { email, password: 'correct horse battery' });
    const wrong = await owner.post('/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'a brand new password',
    });
    expect(wrong.body.error.fields[0].path).toBe('currentPassword');
    const changed = await owner.post('/api/auth/password', {
      currentPassword: 'correct horse battery',
      newPassword: 'a brand new password',
    });
    expect(changed.status).toBe(200);
    expect((await owner.get('/api/auth/session')).status).toBe(200);
    expect((await phone.get('/api/auth/session')).status).toBe(401);
  });
});

describe('changing the password', () => {
  it('limits wrong current passwords like sign-ins (a stolen session cannot guess the password)', async () => {
    const owner = await ownerOf(test);
    const stolen = new Client(test.app);
    stolen.cookie = owner.cookie;
    stolen.csrf = owner.csrf;
    for (let i = 0; i < 5; i++) {
      const wrong = await stolen.post('/api/auth/password', {
        currentPassword: `guess number ${i}`,
        newPassword: 'a brand new password',
      });
      expect(wrong.status).toBe(400);
    }
    const locked = await stolen.post('/api/auth/password', {
      currentPassword: 'correct horse battery',
      newPassword: 'a brand new password',
    });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
  });
});

describe('profile', () => {
  it('switches the interface language, and error messages follow it', async () => {
    const owner = await ownerOf(test);
    const changed = await owner.patch('/api/me', { language: 'es' });
    expect(changed.body.user.language).toBe('es');
    const notFound = await owner.get('/api/conversations/does-not-exist');
    expect(notFound.body.error).toEqual({ code: 'not_found', message: 'No encontramos ese registro.' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client, type TestApp, memberOf, ownerOf, startTestApp, uniqueEmail } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('inviting the team', () => {
  it('an invitation link creates an account with its role, once', async () => {
    const owner = await ownerOf(test);
    const invitation = await owner.post('/api/invitations', { role: 'agent' });
    expect(invitation.status).toBe(201);
    expect(invitation.body.url).toMatch(/^http:\/\/atiende\.test\/invite\/.{40,}$/);
    const token = invitation.body.url.split('/invite/')[1];
    const newcomer = new Client(test.app);
    expect((await newcomer.get(`/api/invitations/by-token/${token}`)).body).toMatchObject({
      workspaceName: 'Acme Facturas',
      role: 'agent',
      existingAccount: false,
    });
    const joined = await newcomer.post(`/api/invitations/by-token/${token}/accept`, {
      name: 'Luis',
      email: uniqueEmail('luis'),
      password: 'correct horse battery',
    });
    expect(joined.status).toBe(200);
    expect(joined.body.workspace.role).toBe('agent');
    const again = await new Client(test.app).post(`/api/invitations/by-token/${token}/accept`, {
      name: 'Eve',
      email: uniqueEmail('eve'),
      password: 'correct horse battery',
    });
    expect(again.body.error.code).toBe('token_invalid');
    const members = await owner.get('/api/members');
    expect(members.body.map((m: { role: string }) => m.role).sort()).toEqual(['agent', 'owner']);
  });

  it('a revoked or expired invitation no longer works', async () => {
    const owner = await ownerOf(test);
    const revoked = await owner.post('/api/invitations', { role: 'viewer' });
    await owner.delete(`/api/invitations/${revoked.body.id}`);
    const expired = await owner.post('/api/invitations', { role: 'viewer' });
    await test.database.db
      .updateTable('invitations')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', expired.body.id)
      .execute();
    for (const inv of [revoked, expired]) {
      const token = inv.body.url.split('/invite/')[1];
      expect((await new Client(test.app).get(`/api/invitations/by-token/${token}`)).body.error.code).toBe(
        'token_invalid',
      );
    }
  });

  it('only owners make owners; agents and viewers cannot invite', async () => {
    const owner = await ownerOf(test);
    const admin = await memberOf(test, owner, 'admin');
    const agent = await memberOf(test, owner, 'agent');
    expect((await admin.post('/api/invitations', { role: 'owner' })).body.error.code).toBe('forbidden');
    expect((await admin.post('/api/invitations', { role: 'agent' })).status).toBe(201);
    expect((await agent.post('/api/invitations', { role: 'agent' })).status).toBe(403);
    expect((await owner.post('/api/invitations', { role: 'owner' })).status).toBe(201);
  });

  it('keeps at least one owner', async () => {
    const owner = await ownerOf(test);
    const me = (await owner.get('/api/auth/session')).body.user.id;
    const demote = await owner.patch(`/api/members/${me}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect(demote.body.error.code).toBe('last_owner');
  });

  it('a removed member loses access at once', async () => {
    const owner = await ownerOf(test);
    const agent = await memberOf(test, owner, 'agent');
    const agentId = (await agent.get('/api/auth/session')).body.user.id;
    expect((await owner.delete(`/api/members/${agentId}`)).status).toBe(200);
    expect((await agent.get('/api/conversations')).status).toBe(401);
  });
});

describe('roles on the server', () => {
  it('a viewer reads but cannot write; an agent cannot change settings', async () => {
    const owner = await ownerOf(test);
    const viewer = await memberOf(test, owner, 'viewer');
    const agent = await memberOf(test, owner, 'agent');
    expect((await viewer.get('/api/conversations')).status).toBe(200);
    expect((await viewer.patch('/api/workspace', { name: 'X' })).status).toBe(403);
    expect((await agent.patch('/api/workspace', { name: 'X' })).body.error.code).toBe('forbidden');
    expect((await agent.post('/api/api-tokens', { name: 'x', role: 'agent' })).status).toBe(403);
    expect((await owner.get('/api/workspace')).body.name).toBe('Acme Facturas');
  });
});

describe('workspace settings', () => {
  it('saves business hours and time zone, and rejects bad ones naming the field', async () => {
    const owner = await ownerOf(test);
    const saved = await owner.patch('/api/workspace', {
      timeZone: 'America/Monterrey',
      businessHours: { mon: [{ open: '08:00', close: '14:00' }], sat: [] },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.businessHours.mon).toEqual([{ open: '08:00', close: '14:00' }]);
    expect(saved.body.businessHours.tue).toEqual([]);
    const bad = await owner.patch('/api/workspace', {
      timeZone: 'Nowhere/City',
      businessHours: { mon: [{ open: '18:00', close: '09:00' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'businessHours.mon.0.close',
      'timeZone',
    ]);
    expect((await owner.get('/api/workspace')).body.timeZone).toBe('America/Monterrey');
  });
});

describe('API tokens', () => {
  it('a token acts with its role in its workspace until revoked', async () => {
    const owner = await ownerOf(test);
    const created = await owner.post('/api/api-tokens', { name: 'ERP sync', role: 'viewer' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^atk_/);
    expect((await owner.get('/api/api-tokens')).body[0].token).toBeUndefined();
    const integration = new Client(test.app);
    integration.bearer = created.body.token;
    expect((await integration.get('/api/conversations')).status).toBe(200);
    expect((await integration.patch('/api/workspace', { name: 'X' })).status).toBe(403);
    await owner.delete(`/api/api-tokens/${created.body.id}`);
    expect((await integration.get('/api/conversations')).status).toBe(401);
  });

  it('a stored token is hashed, never the secret', async () => {
    const owner = await ownerOf(test);
    const created = await owner.post('/api/api-tokens', { name: 'ERP', role: 'agent' });
    const rows = await test.database.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(rows[0]!.token_hash).not.toContain(created.body.token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('audit log', () => {
  it('records who did what', async () => {
    const owner = await ownerOf(test);
    await owner.patch('/api/workspace', { name: 'Acme 2' });
    await owner.post('/api/invitations', { role: 'agent' });
    const log = await owner.get('/api/audit-log');
    expect(log.body.map((e: { action: string }) => e.action)).toEqual([
      'invitation.created',
      'workspace.updated',
      'workspace.created',
    ]);
    expect(log.body[0].actorName).toBe('Ana Owner');
  });
});

describe('one person in two workspaces', () => {
  it('joins a second workspace with the same account and switches between them', async () => {
    const first = await ownerOf(test);
    const second = await ownerOf(test);
    const me = (await first.get('/api/auth/session')).body.user;
    const invitation = await second.post('/api/invitations', { role: 'agent', email: me.email });
    const token = invitation.body.url.split('/invite/')[1];
    expect((await first.get(`/api/invitations/by-token/${token}`)).body.existingAccount).toBe(true);
    const wrong = await new Client(test.app).post(`/api/invitations/by-token/${token}/accept`, {
      name: 'x',
      password: 'not my password',
    });
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const joined = await first.post(`/api/invitations/by-token/${token}/accept`, {
      name: me.name,
      password: 'correct horse battery',
    });
    expect(joined.status).toBe(200);
    expect(joined.body.workspaces).toHaveLength(2);
    expect(joined.body.workspace).toMatchObject({ name: 'Other Co', role: 'agent' });
    const back = await first.post('/api/auth/workspace', { workspaceId: joined.body.workspaces[0].id });
    expect(back.body.workspace).toMatchObject({ name: 'Acme Facturas', role: 'owner' });
    const strangerWorkspace = (await (await ownerOf(test)).get('/api/auth/session')).body.workspace.id;
    expect((await first.post('/api/auth/workspace', { workspaceId: strangerWorkspace })).status).toBe(404);
  });
});

describe('holidays', () => {
  it('are loaded for Mexico, added and removed by admins, and move legal deadlines', async () => {
    const { startTestApp: start, ownerOf: owner_, memberOf: member_ } = await import('../../testing/harness.js');
    const app = await start();
    try {
      const owner = await owner_(app);
      const agent = await member_(app, owner, 'agent');
      expect((await agent.post('/api/holidays/mexico', { year: 2026 })).status).toBe(403);
      const loaded = await owner.post('/api/holidays/mexico', { year: 2026 });
      expect(loaded.body).toHaveLength(7);
      expect((await owner.post('/api/holidays', { date: '2026-12-24', name: 'Nochebuena' })).body).toHaveLength(8);
      expect((await owner.post('/api/holidays', { date: '24/12/2026', name: 'x' })).body.error.fields[0].path).toBe(
        'date',
      );
      // An ARCO request received Friday 13 November 2026: the Revolution holiday pushes its deadline one day.
      const request = await owner.post('/api/privacy/requests', {
        kind: 'access',
        requesterName: 'X',
        channel: 'email',
        details: 'x',
        receivedAt: '2026-11-13T18:00:00Z',
      });
      expect(request.body.dueAt.slice(0, 10)).toBe('2026-12-14');
      expect((await owner.delete('/api/holidays/2026-12-24')).status).toBe(200);
      expect((await owner.delete('/api/holidays/2026-12-24')).status).toBe(404);
      const stranger = await owner_(app);
      expect((await stranger.get('/api/holidays')).body).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

// Path traversal through file ids and addresses: files live in the database and are found by id inside the workspace,
// and the console's files are served from their folder only; no spelling of "..", encoded once, twice or with a NUL,
// reaches a file outside (the project's package.json, /etc/passwd) on any route that serves files.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

const root = new URL('../../../../../', import.meta.url).pathname;
let test: TestApp;
let owner: Client;
beforeAll(async () => {
  // The real console build, when there is one (npm test builds first), so its static files are served as in production.
  test = await startTestApp({ staticRoot: root });
  owner = await ownerOf(test);
});
afterAll(async () => {
  await test.close();
});

const escapes = [
  '../../../../../../etc/passwd',
  '..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
  '%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
  '%252e%252e%252f%252e%252e%252fpackage.json',
  '..%5C..%5C..%5C..%5Cpackage.json',
  '....//....//....//....//etc/passwd',
  '..%c0%af..%c0%afetc%c0%afpasswd',
  '..%2F..%2F..%2F..%2Fpackage.json%00.pdf',
  '/etc/passwd',
  '%2Fetc%2Fpasswd',
];
const secrets = /root:x:0:0|"workspaces"\s*:|"devDependencies"\s*:/;

describe('path traversal', () => {
  it('no file route and no console path serves a file from outside, and none fails with a 5xx', async () => {
    const visitor = await visitorOf(test, owner, 'Rosa Peña', 'rosa@paloma.mx');
    const { conversationId } = (await visitor.send('Hola')).body as { conversationId: string };
    const project = (await owner.post('/api/projects', { title: 'Bridas' })).body;
    const slug = (await owner.get('/api/help-center')).body.slug as string;
    const portalSlug = ((await owner.get('/api/portal/settings')).body.url as string).split('/portal/')[1];
    const prefixes = [
      '/api/files/',
      `/api/projects/${project.id}/files/`,
      '/api/widget/v1/files/',
      `/help/${slug}/files/`,
      `/portal/${portalSlug}/files/`,
      '/assets/',
      '/',
      '/widget.js/',
      `/api/conversations/${conversationId}/`,
    ];
    if (existsSync(`${root}apps/console/dist/index.html`))
      expect((await test.app.inject({ method: 'GET', url: '/inbox' })).body).toContain('<div id="root">');
    const served: string[] = [];
    for (const prefix of prefixes)
      for (const escape of escapes) {
        const url = `${prefix}${escape}`;
        const reply = await test.app.inject({
          method: 'GET',
          url,
          headers: { cookie: owner.cookie, 'x-visitor-token': visitor.token },
        });
        if (reply.statusCode >= 500 || secrets.test(reply.body))
          served.push(`${url} → ${reply.statusCode} ${reply.body.slice(0, 80)}`);
      }
    expect(served).toEqual([]);
  });
});

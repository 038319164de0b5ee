// Scale-out: two identical server processes on one PostgreSQL behind a round-robin load balancer. A sign-in made on
// one process is valid on the other; a visitor's message posted to process A reaches, live, a console connected to
// process B (and one connected through the balancer); a webhook is delivered once although both processes run jobs.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Balancer, startBalancer } from './balancer.js';
import {
  type RunningServer,
  createWorkspace,
  dialects,
  launchBrowser,
  newContext,
  signIn,
  startServer,
} from './harness.js';

const onPostgres = dialects.includes('postgres');
if (!onPostgres)
  console.log(
    `\n${'!'.repeat(78)}\n!!! SKIPPING the scale-out journey: it needs PostgreSQL (E2E_POSTGRES=0)\n${'!'.repeat(78)}\n`,
  );

describe.runIf(onPostgres)('several processes on one PostgreSQL', () => {
  let browser: Browser;
  let a: RunningServer;
  let b: RunningServer;
  let balancer: Balancer;
  let receiver: Server;
  const deliveries: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    a = await startServer('postgres', { WEBHOOKS_ALLOW_PRIVATE: '1' });
    b = await startServer('postgres', { WEBHOOKS_ALLOW_PRIVATE: '1' }, a);
    balancer = await startBalancer([a.url, b.url]);
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on(
        'end',
        () => (deliveries.push(String(request.headers['x-atiende-delivery'])), response.writeHead(200).end()),
      );
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  });
  // A failure here has been seen once on a loaded machine and not reproduced: what the servers said is kept.
  afterEach(({ task }) => {
    if (task.result?.state !== 'fail') return;
    for (const [name, server] of [
      ['A', a],
      ['B', b],
    ] as const)
      console.log(`--- process ${name}, last log lines ---\n${server?.log.slice(-40).join('\n')}`);
  });
  afterAll(async () => {
    await browser?.close();
    await balancer?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await b?.stop();
    await a?.stop();
  });

  it('shares sign-ins, fans messages out to consoles on the other process and delivers each webhook once', async () => {
    const session = await createWorkspace(
      { ...a, url: balancer.url },
      {
        ownerName: 'Mariana Treviño',
        email: 'mariana@facturanorte.mx',
        password: 'contraseña segura 1',
        companyName: 'Factura Norte',
      },
    );
    // The session lives in the database: both processes know it.
    for (const server of [a, b])
      expect((await fetch(`${server.url}/api/auth/session`, { headers: { cookie: session.cookie } })).status).toBe(200);
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' };
    const call = async (server: { url: string }, method: string, path: string, body?: unknown) =>
      (
        await fetch(`${server.url}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) })
      ).json() as Promise<any>;

    // One console on process B, another through the balancer.
    const onB = await (await newContext(browser)).newPage();
    await signIn(onB, b.url, 'mariana@facturanorte.mx', 'contraseña segura 1');
    const throughBalancer = await (await newContext(browser)).newPage();
    await signIn(throughBalancer, balancer.url, 'mariana@facturanorte.mx', 'contraseña segura 1');
    for (const page of [onB, throughBalancer])
      await expect.poll(() => page.getByTestId('live-state').textContent()).toBe('En vivo');

    // A visitor writes to process A: both consoles show it without a reload.
    const inboxes = await call(b, 'GET', '/api/inboxes');
    const websiteToken = inboxes.find((i: { channel: string }) => i.channel === 'webchat').websiteToken;
    const visitor = await (
      await fetch(`${a.url}/api/widget/v1/visitors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ websiteToken, name: 'Rosa Peña', email: 'rosa@paloma.mx' }),
      })
    ).json();
    const posted = await fetch(`${a.url}/api/widget/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-visitor-token': visitor.visitorToken },
      body: JSON.stringify({ body: 'Escribo al proceso A' }),
    });
    expect(posted.status).toBe(201);
    for (const [name, page] of [
      ['console on B', onB],
      ['console through the balancer', throughBalancer],
    ] as const) {
      await expect
        .poll(() => page.getByTestId('conversation-row').first().textContent(), {
          timeout: 10_000,
          message: `${name} shows the visitor's message`,
        })
        .toContain('Escribo al proceso A');
    }
    // And the answer an agent gives on B reaches the visitor's messages on A.
    await onB.getByTestId('conversation-row').first().click();
    await onB.getByLabel('Escribe tu respuesta al cliente…').fill('Te responde el proceso B');
    await onB.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect
      .poll(async () =>
        (
          await (
            await fetch(`${a.url}/api/widget/v1/messages`, { headers: { 'x-visitor-token': visitor.visitorToken } })
          ).json()
        ).map((m: { body: string }) => m.body),
      )
      .toContain('Te responde el proceso B');

    // Both processes run jobs; a deal won through the balancer is delivered to the webhook exactly once.
    const port = (receiver.address() as AddressInfo).port;
    await call(balancer, 'POST', '/api/webhooks', { url: `http://127.0.0.1:${port}/hook`, events: ['deal.won'] });
    const [pipeline] = await call(balancer, 'GET', '/api/pipelines');
    for (let i = 0; i < 5; i++) {
      const deal = await call(balancer, 'POST', '/api/deals', {
        title: `Plan ${i}`,
        pipelineId: pipeline.id,
        value: 4_800,
      });
      await call(balancer, 'POST', `/api/deals/${deal.id}/move`, {
        version: deal.version,
        stageId: pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id,
      });
    }
    await expect.poll(() => deliveries.length, { timeout: 15_000 }).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(deliveries).toHaveLength(5);
    expect(new Set(deliveries).size).toBe(5);
    expect(balancer.hits.every((n) => n > 0)).toBe(true);
  });
});

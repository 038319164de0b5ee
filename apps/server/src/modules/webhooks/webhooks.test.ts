import { createHmac } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, memberOf, ownerOf, startTestApp } from '../../testing/harness.js';

let test: TestApp;
let receiver: Server;
let port = 0;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
let answers: number[] = [];
beforeEach(async () => {
  test = await startTestApp();
  received.length = 0;
  answers = [];
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      const status = answers.shift() ?? 200;
      response.writeHead(status, status === 302 ? { location: 'http://169.254.169.254/' } : {}).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  port = (receiver.address() as AddressInfo).port;
});
afterEach(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await test.close();
});

/** Runs every queued job now, the retries' waits included. */
async function runJobs(times = 1) {
  for (let i = 0; i < times; i++) {
    await test.ctx.db.updateTable('jobs').set({ run_at: 0 }).where('status', '=', 'pending').execute();
    await test.ctx.jobs.drain();
  }
}

async function winDeal(owner: Client) {
  const [pipeline] = (await owner.get('/api/pipelines')).body;
  const deal = (await owner.post('/api/deals', { title: 'Plan anual', pipelineId: pipeline.id, value: 4_800 })).body;
  const moved = await owner.post(`/api/deals/${deal.id}/move`, {
    version: deal.version,
    stageId: pipeline.stages.find((s: { kind: string }) => s.kind === 'won').id,
  });
  expect(moved.status).toBe(200);
  return deal;
}

describe('outbound webhooks', () => {
  it('deliver business events signed with HMAC, log each attempt, retry with backoff and never block the change', async () => {
    test.ctx.config.webhooksAllowPrivate = true;
    const owner = await ownerOf(test);
    const made = await owner.post('/api/webhooks', {
      url: `http://127.0.0.1:${port}/hook`,
      events: ['deal.won', 'contact.lost'],
      description: 'ERP',
    });
    expect(made.status).toBe(201);
    const secret = made.body.secret as string;
    expect(secret).toMatch(/^whsec_/);
    expect((await owner.get('/api/webhooks')).body[0].secret).toBe(`…${secret.slice(-4)}`);

    const deal = await winDeal(owner);
    await runJobs();
    expect(received).toHaveLength(1);
    const [first] = received;
    const body = JSON.parse(first!.body);
    expect(body).toMatchObject({
      type: 'deal.won',
      data: { deal: { id: deal.id, title: 'Plan anual', value: 4_800, currency: 'MXN' } },
    });
    const timestamp = first!.headers['x-atiende-timestamp'] as string;
    expect(first!.headers['x-atiende-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${first!.body}`).digest('hex')}`,
    );
    expect(first!.headers['x-atiende-event']).toBe('deal.won');
    let [log] = (await owner.get(`/api/webhooks/${made.body.id}/deliveries`)).body;
    expect(log).toMatchObject({
      event: 'deal.won',
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      error: null,
    });

    // The receiver is down: the change still goes through; the delivery is tried five times, then marked failed.
    answers = [500, 503, 500, 500, 500];
    const contact = (await owner.post('/api/contacts', { name: 'Héctor Salazar' })).body;
    expect((await owner.patch(`/api/contacts/${contact.id}`, { status: 'former', leftReason: 'Precio' })).status).toBe(
      200,
    );
    await runJobs();
    [log] = (await owner.get(`/api/webhooks/${made.body.id}/deliveries`)).body;
    expect(log).toMatchObject({
      event: 'contact.lost',
      status: 'pending',
      attempts: 1,
      responseStatus: 500,
      error: 'answered 500',
    });
    const job = await test.ctx.db
      .selectFrom('jobs')
      .select(['run_at', 'status'])
      .where('name', '=', 'webhook.deliver')
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(Number(job.run_at)).toBeGreaterThan(Date.now() + 5_000);
    await runJobs(4);
    [log] = (await owner.get(`/api/webhooks/${made.body.id}/deliveries`)).body;
    expect(log).toMatchObject({ status: 'failed', attempts: 5 });
    expect(received).toHaveLength(6);
    // Tried again by hand once the receiver is back.
    expect((await owner.post(`/api/webhook-deliveries/${log.id}/retry`)).status).toBe(200);
    await runJobs();
    [log] = (await owner.get(`/api/webhooks/${made.body.id}/deliveries`)).body;
    expect(log).toMatchObject({ status: 'delivered', attempts: 6, responseStatus: 200 });

    // A redirect is not followed; events not subscribed are not sent; a test ping is.
    answers = [302];
    await owner.post(`/api/webhooks/${made.body.id}/ping`);
    await runJobs();
    expect(received.at(-1)!.headers['x-atiende-event']).toBe('ping');
    expect((await owner.get(`/api/webhooks/${made.body.id}/deliveries`)).body[0]).toMatchObject({
      event: 'ping',
      error: 'redirect 302 not followed',
      status: 'pending',
    });
    const count = received.length;
    await owner.patch(`/api/webhooks/${made.body.id}`, { enabled: false });
    await winDeal(owner);
    await runJobs(4);
    expect(received).toHaveLength(count);
  });

  it('never reach this machine, the private network or a metadata address, and are the admins’ alone', async () => {
    const owner = await ownerOf(test);
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      `http://localhost:${port}/hook`,
      'http://10.0.0.8/hook',
      'http://[::1]:8080/',
    ]) {
      const hook = (await owner.post('/api/webhooks', { url, events: ['*'] })).body;
      await owner.post(`/api/webhooks/${hook.id}/ping`);
      await runJobs();
      const [log] = (await owner.get(`/api/webhooks/${hook.id}/deliveries`)).body;
      expect(log.status).toBe('failed');
      expect(log.attempts).toBe(1);
      expect(log.error).toMatch(/^refused/);
    }
    expect(received).toHaveLength(0);
    expect(
      (await owner.post('/api/webhooks', { url: 'ftp://example.com/x', events: ['*'] })).body.error.fields,
    ).toEqual([{ path: 'url', message: 'An http:// or https:// address' }]);
    expect(
      (await owner.post('/api/webhooks', { url: 'https://user:pw@example.com/x', events: ['*'] })).body.error.fields,
    ).toEqual([{ path: 'url', message: 'Put no user or password in the address: the signature proves it is us' }]);
    expect((await owner.post('/api/webhooks', { url: 'https://example.com/x', events: ['deal.maybe'] })).status).toBe(
      400,
    );

    const agent = await memberOf(test, owner, 'agent');
    expect((await agent.get('/api/webhooks')).status).toBe(403);
    expect((await agent.post('/api/webhooks', { url: 'https://example.com/x', events: ['*'] })).status).toBe(403);
    const [hook] = (await owner.get('/api/webhooks')).body;
    const stranger = await ownerOf(test);
    expect((await stranger.get(`/api/webhooks/${hook.id}/deliveries`)).status).toBe(404);
    expect((await stranger.post(`/api/webhooks/${hook.id}/ping`)).status).toBe(404);
    expect((await stranger.patch(`/api/webhooks/${hook.id}`, { enabled: false })).status).toBe(404);
  });
});

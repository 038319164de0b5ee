import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GraphStandIn, inboundPayload, signWebhook, startGraphStandIn } from '../../testing/graph-stand-in.js';
import { type TestApp, ownerOf, startTestApp } from '../../testing/harness.js';
import { newId } from '../../platform/ids.js';
import { runDueFollowups } from './service.js';

const ACCESS_TOKEN = 'EAAG-test-access-token-1234567890';
const APP_SECRET = 'app-secret-0123456789abcdef';
const PHONE_NUMBER_ID = '106540352242922';

let test: TestApp;
let graph: GraphStandIn;
beforeEach(async () => {
  graph = await startGraphStandIn(ACCESS_TOKEN);
  test = await startTestApp({ whatsappGraphUrl: graph.url });
});
afterEach(async () => {
  await test.close();
  await graph.close();
});

describe('follow-up messages on WhatsApp', () => {
  it('go as the approved template outside the 24-hour window and as text inside it', async () => {
    const owner = await ownerOf(test);
    const inbox = (
      await owner.post('/api/inboxes/whatsapp', {
        name: 'WhatsApp ventas',
        phoneNumberId: PHONE_NUMBER_ID,
        displayPhoneNumber: '+52 81 0000 0000',
        accessToken: ACCESS_TOKEN,
        appSecret: APP_SECRET,
      })
    ).body;
    const workspaceId = (await owner.get('/api/auth/session')).body.workspace.id as string;
    const templateId = newId();
    await test.ctx.db
      .insertInto('whatsapp_templates')
      .values({
        id: templateId,
        workspace_id: workspaceId,
        inbox_id: inbox.id,
        name: 'seguimiento',
        language: 'es_MX',
        category: 'UTILITY',
        body: 'Hola {{1}}, ¿cómo va todo?',
        parameters: 1,
        status: 'APPROVED',
        created_at: Date.now(),
      })
      .execute();
    const sequence = (
      await owner.post('/api/sequences', {
        name: 'Seguimiento',
        trigger: 'manual',
        steps: [
          {
            delayDays: 0,
            action: 'message',
            body: 'Hola {{name}}, ¿cómo va todo?',
            channel: 'whatsapp',
            whatsappTemplateId: templateId,
          },
        ],
      })
    ).body;
    const contact = (await owner.post('/api/contacts', { name: 'Rosa Peña', whatsappId: '5218112345678' })).body;

    // Never wrote on WhatsApp: outside the window, the template with her first name.
    await owner.post(`/api/sequences/${sequence.id}/enrollments`, { contactIds: [contact.id] });
    await runDueFollowups(test.ctx);
    await test.ctx.jobs.drain();
    expect(graph.sent.at(-1)!.body).toMatchObject({
      to: '5218112345678',
      type: 'template',
      template: {
        name: 'seguimiento',
        language: { code: 'es_MX' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Rosa' }] }],
      },
    });

    // She writes: inside the window, the words themselves.
    const raw = JSON.stringify(
      inboundPayload(PHONE_NUMBER_ID, [
        {
          from: '5218112345678',
          id: 'wamid.IN1',
          name: 'Rosa Peña',
          message: { type: 'text', text: { body: 'Hola' } },
        },
      ]),
    );
    expect(
      (
        await test.app.inject({
          method: 'POST',
          url: `/api/webhooks/whatsapp/${inbox.id}`,
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhook(raw, APP_SECRET) },
          payload: raw,
        })
      ).statusCode,
    ).toBe(200);
    await owner.post(`/api/sequences/${sequence.id}/enrollments`, { contactIds: [contact.id] });
    await runDueFollowups(test.ctx);
    await test.ctx.jobs.drain();
    expect(graph.sent.at(-1)!.body).toMatchObject({ type: 'text', text: { body: 'Hola Rosa, ¿cómo va todo?' } });
    const results = (await owner.get(`/api/sequence-enrollments?contactId=${contact.id}`)).body.map(
      (e: { actions: { result: string }[] }) => e.actions[0]!.result,
    );
    expect(results).toEqual(['sent:whatsapp', 'sent:whatsapp']);
  });
});

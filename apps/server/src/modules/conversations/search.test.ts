import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, ownerOf, startTestApp, visitorOf } from '../../testing/harness.js';

let test: TestApp;
beforeEach(async () => {
  test = await startTestApp();
});
afterEach(() => test.close());

describe('message search', () => {
  it('finds messages and notes by their words, accents ignored, newest first, inside the workspace', async () => {
    const owner = await ownerOf(test);
    const rosa = await visitorOf(test, owner, 'Rosa');
    await rosa.send('El timbrado de la factura falló con Peña y Asociados');
    await rosa.send('Gracias, ya quedó');
    const luis = await visitorOf(test, owner, 'Luis');
    await luis.send('¿Cuánto cuesta el plan anual? Quiero facturación electrónica');
    const conversation = (await owner.get('/api/conversations')).body.items.find((c: { contact: { name: string } }) => c.contact.name === 'Rosa');
    await owner.post(`/api/conversations/${conversation.id}/messages`, { body: 'Revisar el certificado de Peña', private: true });

    const pena = (await owner.get('/api/messages/search?q=pena')).body;
    expect(pena.map((r: { message: { body: string } }) => r.message.body)).toEqual(['Revisar el certificado de Peña', 'El timbrado de la factura falló con Peña y Asociados']);
    expect(pena[1].conversation.contact.name).toBe('Rosa');
    // Words of three letters or more match as prefixes: "fact" finds factura and facturación.
    expect((await owner.get('/api/messages/search?q=fact')).body).toHaveLength(2);
    expect((await owner.get('/api/messages/search?q=factura%20pena')).body).toHaveLength(1);
    expect((await owner.get('/api/messages/search?q=inexistente')).body).toEqual([]);
    expect((await owner.get('/api/messages/search?q=')).status).toBe(400);
    const stranger = await ownerOf(test);
    expect((await stranger.get('/api/messages/search?q=pena')).body).toEqual([]);
    // A contact blocked by a privacy request takes their messages out of search too.
    await owner.post(`/api/contacts/${conversation.contact.id}/privacy/block`, {});
    expect((await owner.get('/api/messages/search?q=pena')).body).toEqual([]);
  });
});

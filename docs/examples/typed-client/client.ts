// A typed client for the Atiende API, generated from its OpenAPI description: every path, parameter, body and answer
// is checked by TypeScript. `npm test` generates atiende-api.d.ts from the running code's /api/openapi.json and
// compiles this file (scripts/check-openapi.mjs), so the example cannot drift from the API.
//
//   npx openapi-typescript https://soporte.tuempresa.mx/api/openapi.json -o atiende-api.d.ts --default-non-nullable false
import createClient from 'openapi-fetch';
import type { paths } from './atiende-api.js';

const atiende = createClient<paths>({
  baseUrl: process.env.ATIENDE_URL ?? 'http://localhost:3000',
  headers: { authorization: `Bearer ${process.env.ATIENDE_TOKEN ?? ''}` },
});

/** The open conversations that came from a WhatsApp ad, longest waiting first. */
export async function waitingFromAds(): Promise<string[]> {
  const { data, error } = await atiende.GET('/api/conversations', {
    params: { query: { status: 'open', sort: 'waiting', fromAd: 'true', limit: 20 } },
  });
  if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
  return data.items.map((c) => `${c.contact.name} (${c.referral?.headline ?? 'sin anuncio'}): ${c.lastMessagePreview}`);
}

/** Answers a message in particular; WhatsApp shows it quoted to the customer. */
export async function answer(conversationId: string, replyToId: string, body: string): Promise<string> {
  const { data, error } = await atiende.POST('/api/conversations/{id}/messages', {
    params: { path: { id: conversationId } },
    body: { body, replyToId },
  });
  if (error)
    throw new Error(error.error.fields?.map((f) => `${f.path}: ${f.message}`).join('; ') ?? error.error.message);
  return data.id;
}

/** The addresses of a contact that bounced hard: automatic mail skips them until fixed. */
export async function bouncedEmails(contactId: string): Promise<string[]> {
  const { data } = await atiende.GET('/api/contacts/{id}', { params: { path: { id: contactId } } });
  return (data?.emails ?? []).filter((e) => e.bounce?.severity === 'hard').map((e) => e.value);
}

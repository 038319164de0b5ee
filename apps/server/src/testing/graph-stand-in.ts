// A local stand-in of the WhatsApp Cloud API (Graph API): it checks every request the way the real one does (path,
// version, bearer token, JSON body) and answers with the documented shapes, so the channel is tested end to end
// without the internet. It also signs webhooks like Meta does.
import { createHmac } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  phoneNumberId: string;
  body: Record<string, any>;
}

export interface GraphStandIn {
  url: string;
  version: string;
  sent: SentMessage[];
  /** Media the stand-in serves: id → bytes and type; `url` hands out that download URL instead of its own. */
  media: Map<string, { bytes: Buffer; mimeType: string; url?: string }>;
  /** Paths of every media download asked of the stand-in, with where it redirected. */
  downloads: string[];
  /** Files uploaded for sending (POST /{phone-number-id}/media): id → bytes, type and name. */
  uploaded: Map<string, { bytes: Buffer; mimeType: string; fileName: string }>;
  /** Answer the next send with this Graph error instead (e.g. 131047: re-engagement window closed). */
  failNextSend(error: { code: number; message: string; status?: number }): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });

export async function startGraphStandIn(accessToken: string, version = 'v21.0'): Promise<GraphStandIn> {
  const sent: SentMessage[] = [];
  const media = new Map<string, { bytes: Buffer; mimeType: string; url?: string }>();
  const downloads: string[] = [];
  const uploaded = new Map<string, { bytes: Buffer; mimeType: string; fileName: string }>();
  let failure: { code: number; message: string; status?: number } | null = null;
  let counter = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const graphError = (status: number, code: number, message: string) =>
      reply(status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'standin' } });
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const parts = url.pathname.split('/').filter(Boolean);
    // A redirect the stand-in was told to give (to test where the server lets it lead): /redirect?to=…
    if (req.method === 'GET' && parts[0] === 'redirect') {
      downloads.push(`${url.pathname}${url.search}`);
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
      return res.end();
    }
    if (req.headers.authorization !== `Bearer ${accessToken}`)
      return graphError(401, 190, 'Invalid OAuth access token.');
    // Media bytes: the URL handed out by the media endpoint, fetched with the same token.
    if (req.method === 'GET' && parts[0] === 'media-download' && parts[1]) {
      downloads.push(url.pathname);
      const item = media.get(parts[1]);
      if (!item) return graphError(404, 100, 'Unknown media');
      res.writeHead(200, { 'content-type': item.mimeType, 'content-length': item.bytes.length });
      return res.end(item.bytes);
    }
    if (parts[0] !== version) return graphError(400, 2635, `Unsupported API version ${parts[0]}`);
    if (req.method === 'GET' && parts.length === 2) {
      const item = media.get(parts[1]!);
      if (!item) return graphError(404, 100, `Unsupported get request. Object with ID '${parts[1]}' does not exist`);
      const address = server.address() as AddressInfo;
      return reply(200, {
        messaging_product: 'whatsapp',
        url: item.url ?? `http://127.0.0.1:${address.port}/media-download/${parts[1]}`,
        mime_type: item.mimeType,
        sha256: 'standin',
        file_size: item.bytes.length,
        id: parts[1],
      });
    }
    // Uploading media for sending: multipart with messaging_product, type and the file, as Meta documents it.
    if (req.method === 'POST' && parts.length === 3 && parts[2] === 'media') {
      const type = String(req.headers['content-type']);
      if (!type.startsWith('multipart/form-data'))
        return graphError(400, 100, 'Content-Type must be multipart/form-data');
      let form: FormData;
      try {
        form = await new Request('http://stand-in/', {
          method: 'POST',
          headers: { 'content-type': type },
          body: new Uint8Array(await readBody(req)),
        }).formData();
      } catch {
        return graphError(400, 100, 'Invalid multipart body');
      }
      const file = form.get('file');
      if (form.get('messaging_product') !== 'whatsapp')
        return graphError(400, 100, 'The parameter messaging_product is required.');
      if (!(file instanceof Blob) || file.size === 0) return graphError(400, 100, 'The parameter file is required.');
      if (typeof form.get('type') !== 'string' || form.get('type') !== file.type)
        return graphError(400, 100, "The parameter type must be the file's MIME type.");
      const id = `media-up-${++counter}`;
      uploaded.set(id, {
        bytes: Buffer.from(await file.arrayBuffer()),
        mimeType: file.type,
        fileName: file.name ?? '',
      });
      return reply(200, { id });
    }
    if (req.method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
      if (!String(req.headers['content-type']).startsWith('application/json'))
        return graphError(400, 100, 'Content-Type must be application/json');
      let body: Record<string, any>;
      try {
        body = JSON.parse((await readBody(req)).toString('utf8'));
      } catch {
        return graphError(400, 100, 'Invalid JSON');
      }
      if (body.messaging_product !== 'whatsapp')
        return graphError(400, 100, 'The parameter messaging_product is required.');
      if (typeof body.to !== 'string' || !/^\d{8,15}$/.test(body.to))
        return graphError(400, 131009, 'Parameter value is not valid: to');
      if (
        body.type === 'text' &&
        !(typeof body.text?.body === 'string' && body.text.body.length > 0 && body.text.body.length <= 4096)
      )
        return graphError(400, 131009, 'Parameter value is not valid: text.body');
      if (
        body.type === 'template' &&
        !(typeof body.template?.name === 'string' && typeof body.template?.language?.code === 'string')
      )
        return graphError(400, 132000, 'Template name and language are required');
      if (!['text', 'template', 'image', 'document', 'audio', 'video', 'reaction'].includes(body.type))
        return graphError(400, 131009, `Unsupported type ${body.type}`);
      // A reaction names the message and the emoji (empty removes it); an answer may quote one message (context).
      const reaction = body.reaction as { message_id?: unknown; emoji?: unknown } | undefined;
      if (body.type === 'reaction' && !(typeof reaction?.message_id === 'string' && typeof reaction.emoji === 'string'))
        return graphError(400, 131009, 'Parameter value is not valid: reaction');
      const context = body.context as { message_id?: unknown } | undefined;
      if (context !== undefined && typeof context.message_id !== 'string')
        return graphError(400, 131009, 'Parameter value is not valid: context.message_id');
      // Media messages name an uploaded file by id (or a public link).
      if (['image', 'document', 'audio', 'video'].includes(body.type)) {
        const mediaObject = body[body.type] as { id?: string; link?: string; caption?: string } | undefined;
        if (!mediaObject || (!(mediaObject.id && uploaded.has(mediaObject.id)) && !mediaObject.link))
          return graphError(400, 131053, 'Media upload error: unknown media id');
        if (body.type === 'audio' && mediaObject.caption)
          return graphError(400, 131009, 'Parameter value is not valid: audio.caption');
        if (mediaObject.caption && mediaObject.caption.length > 1024)
          return graphError(400, 131009, 'Parameter value is not valid: caption');
      }
      if (failure) {
        const f = failure;
        failure = null;
        return graphError(f.status ?? 400, f.code, f.message);
      }
      sent.push({ phoneNumberId: parts[1]!, body });
      const id = `wamid.STANDIN${String(++counter).padStart(6, '0')}`;
      return reply(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: body.to, wa_id: body.to }],
        messages: [{ id }],
      });
    }
    graphError(404, 100, 'Unknown path');
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    version,
    sent,
    media,
    downloads,
    uploaded,
    failNextSend: (error) => void (failure = error),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The X-Hub-Signature-256 header Meta puts on a webhook: HMAC-SHA256 of the raw body with the app secret. */
export function signWebhook(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** A webhook payload as Meta sends it for one inbound message (or several), for tests and benchmarks. */
export function inboundPayload(
  phoneNumberId: string,
  messages: { from: string; name?: string; id: string; timestamp?: number; message: Record<string, unknown> }[],
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5218100000000', phone_number_id: phoneNumberId },
              contacts: messages.map((m) => ({ profile: { name: m.name ?? 'Cliente' }, wa_id: m.from })),
              messages: messages.map((m) => ({
                from: m.from,
                id: m.id,
                timestamp: String(Math.floor((m.timestamp ?? Date.now()) / 1000)),
                ...m.message,
              })),
            },
          },
        ],
      },
    ],
  };
}

export function statusPayload(
  phoneNumberId: string,
  statuses: {
    id: string;
    status: 'sent' | 'delivered' | 'read' | 'failed';
    recipient: string;
    errors?: { code: number; title: string }[];
  }[],
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5218100000000', phone_number_id: phoneNumberId },
              statuses: statuses.map((s) => ({
                id: s.id,
                status: s.status,
                timestamp: String(Math.floor(Date.now() / 1000)),
                recipient_id: s.recipient,
                ...(s.errors ? { errors: s.errors } : {}),
              })),
            },
          },
        ],
      },
    ],
  };
}

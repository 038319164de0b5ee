// The Graph API calls of the WhatsApp Cloud API that Atiende makes: send a message, look up and fetch media.
import type { AppContext } from '../../../platform/context.js';
import { GuardedGetError, guardedGet, hostOf } from '../../../platform/destinations.js';
import type { WhatsappSettings } from './settings.js';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
  }
  /** 4xx answers (bad number, closed window, unknown template) will not succeed by retrying; 429 and 5xx may. */
  get permanent(): boolean {
    return this.status >= 400 && this.status < 500 && this.status !== 429;
  }
}

const TIMEOUT_MS = 15_000;

/** What the Graph API answers, as far as Atiende reads it. */
interface GraphReply {
  error?: { code?: number; message?: string };
  messages?: { id?: unknown }[];
  id?: unknown;
  url?: unknown;
  mime_type?: unknown;
  file_size?: unknown;
}

async function call(
  ctx: AppContext,
  settings: WhatsappSettings,
  path: string,
  init: { method?: string; body?: unknown; form?: FormData } = {},
): Promise<GraphReply | null> {
  let response: Response;
  try {
    response = await fetch(`${ctx.config.whatsappGraphUrl}/${ctx.config.whatsappGraphVersion}/${path}`, {
      method: init.method ?? 'GET',
      // A form sets its own multipart content type (with the boundary).
      headers: {
        authorization: `Bearer ${settings.accessToken}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.form ?? (init.body ? JSON.stringify(init.body) : undefined),
      signal: AbortSignal.timeout(init.form ? 120_000 : TIMEOUT_MS),
    });
  } catch (error) {
    throw new GraphError(503, null, `Graph API unreachable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const payload = (await response.json().catch(() => null)) as GraphReply | null;
  if (!response.ok)
    throw new GraphError(response.status, payload?.error?.code ?? null, payload?.error?.message ?? response.statusText);
  return payload;
}

/** Sends a message object (text, template…) to a WhatsApp user; answers with the message id (wamid). */
export async function sendMessage(
  ctx: AppContext,
  settings: WhatsappSettings,
  to: string,
  message: Record<string, unknown>,
): Promise<string> {
  const reply = await call(ctx, settings, `${settings.phoneNumberId}/messages`, {
    method: 'POST',
    body: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message },
  });
  const id = reply?.messages?.[0]?.id;
  if (typeof id !== 'string') throw new GraphError(502, null, 'Graph API answered without a message id');
  return id;
}

/** Uploads a file for sending (POST /{phone-number-id}/media, multipart); answers with the media id. */
export async function uploadMedia(
  ctx: AppContext,
  settings: WhatsappSettings,
  file: { name: string; contentType: string; data: Uint8Array },
): Promise<string> {
  const form = new FormData();
  form.append('messaging_product', 'whatsapp');
  form.append('type', file.contentType);
  form.append('file', new Blob([Buffer.from(file.data)], { type: file.contentType }), file.name);
  const reply = await call(ctx, settings, `${settings.phoneNumberId}/media`, { method: 'POST', form });
  const id = reply?.id;
  if (typeof id !== 'string') throw new GraphError(502, null, 'Graph API answered without a media id');
  return id;
}

/** Where Meta hands out media: its CDN hosts. The access token goes with the download, so nowhere else. */
const META_MEDIA_HOSTS = ['fbsbx.com', 'facebook.com', 'fbcdn.net', 'whatsapp.net'];

/** Media announced in a webhook: first its URL (valid for minutes), then its bytes with the same token. The URL is
 *  only fetched from Meta's hosts (or the configured Graph host), never from a private address, redirects checked. */
export async function downloadMedia(
  ctx: AppContext,
  settings: WhatsappSettings,
  mediaId: string,
  maxBytes: number,
): Promise<{ data: Uint8Array; contentType: string | null }> {
  const info = (await call(ctx, settings, encodeURIComponent(mediaId))) as {
    url?: string;
    mime_type?: string;
    file_size?: number;
  };
  if (typeof info.url !== 'string' || !info.url) throw new GraphError(502, null, 'Media without a URL');
  if (typeof info.file_size === 'number' && info.file_size > maxBytes)
    throw new GraphError(413, null, 'Media larger than the limit');
  const graphOrigin = new URL(ctx.config.whatsappGraphUrl).origin;
  const metaHost = (target: URL) => {
    const host = hostOf(target);
    return (
      target.protocol === 'https:' &&
      target.port === '' &&
      META_MEDIA_HOSTS.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))
    );
  };
  try {
    const media = await guardedGet(info.url, {
      headers: { authorization: `Bearer ${settings.accessToken}` },
      maxBytes,
      timeoutMs: 60_000,
      // Meta's hosts over HTTPS on their own port, or exactly the configured Graph API (a stand-in in tests).
      allowed: (target) => target.origin === graphOrigin || metaHost(target),
      privateAllowed: (target) => target.origin === graphOrigin,
    });
    return { data: media.data, contentType: info.mime_type ?? media.contentType };
  } catch (error) {
    if (error instanceof GuardedGetError)
      throw new GraphError(error.status, null, `Media download failed: ${error.message}`);
    throw new GraphError(503, null, `Media download failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

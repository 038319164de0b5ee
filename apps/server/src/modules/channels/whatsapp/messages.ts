// What a WhatsApp Cloud API message says, in the shape the inbox stores: every type of Meta's webhook reference
// (text, media, location, contacts, order, interactive and button replies, reactions, system notices, unsupported), the
// message it answers (context), the ad or post it came from (referral) and any error WhatsApp attached. Nothing arrives
// empty: a type this code does not know keeps its name and WhatsApp's error.
import type { CatalogueOrder as Order, MessageKind, Referral, SharedContact } from '@atiende/contract';

export interface WaMedia {
  id?: string;
  mime_type?: string;
  caption?: string;
}
interface WaError {
  code?: number;
  title?: string;
  message?: string;
  details?: string;
  error_data?: { details?: string };
}
interface WaSharedContact {
  name?: { formatted_name?: string; first_name?: string; last_name?: string };
  org?: { company?: string; department?: string; title?: string };
  phones?: { phone?: string; wa_id?: string; type?: string }[];
  emails?: { email?: string; type?: string }[];
  urls?: { url?: string; type?: string }[];
  addresses?: {
    street?: string;
    city?: string;
    state?: string;
    zip?: string;
    country?: string;
    country_code?: string;
    type?: string;
  }[];
  birthday?: string;
}
export interface WaMessage {
  from?: string;
  id?: string;
  timestamp?: string;
  type?: string;
  text?: { body?: string };
  image?: WaMedia;
  video?: WaMedia;
  audio?: WaMedia;
  sticker?: WaMedia;
  document?: WaMedia & { filename?: string };
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
  contacts?: WaSharedContact[];
  order?: {
    catalog_id?: string;
    text?: string;
    product_items?: {
      product_retailer_id?: string;
      quantity?: number | string;
      item_price?: number | string;
      currency?: string;
    }[];
  };
  interactive?: {
    type?: string;
    button_reply?: { id?: string; title?: string };
    list_reply?: { id?: string; title?: string; description?: string };
    nfm_reply?: { name?: string; body?: string; response_json?: string };
  };
  button?: { text?: string; payload?: string };
  reaction?: { message_id?: string; emoji?: string };
  system?: { body?: string; type?: string; new_wa_id?: string; wa_id?: string; identity?: string; customer?: string };
  referral?: {
    source_url?: string;
    source_id?: string;
    source_type?: string;
    headline?: string;
    body?: string;
    media_type?: string;
    image_url?: string;
    video_url?: string;
    thumbnail_url?: string;
    ctwa_clid?: string;
  };
  context?: { id?: string; from?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  errors?: WaError[];
}

export interface ReadMessage {
  kind: MessageKind;
  body: string;
  metadata: Record<string, unknown>;
  media: (WaMedia & { filename?: string }) | null;
  referral: Referral | null;
}

const MEDIA: MessageKind[] = ['image', 'video', 'audio', 'sticker', 'document'];
const text = (v: unknown, max = 500): string | null =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null;
const number = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/,/g, '')) : NaN;
  return Number.isFinite(n) ? n : 0;
};

/** WhatsApp's errors on a message (an unsupported type, a flow that failed): code, title and details. */
function errorsOf(m: WaMessage): { code: number | null; title: string | null; details: string | null }[] {
  return (m.errors ?? []).slice(0, 5).map((e) => ({
    code: typeof e.code === 'number' ? e.code : null,
    title: text(e.title ?? e.message),
    details: text(e.error_data?.details ?? e.details),
  }));
}

function referralOf(m: WaMessage): Referral | null {
  const r = m.referral;
  if (!r) return null;
  return {
    sourceType: text(r.source_type, 40),
    sourceId: text(r.source_id, 100),
    sourceUrl: text(r.source_url, 1000),
    headline: text(r.headline),
    body: text(r.body, 2000),
    mediaType: text(r.media_type, 40),
    mediaUrl: text(r.image_url ?? r.video_url ?? r.thumbnail_url, 1000),
    ctwaClid: text(r.ctwa_clid, 200),
  };
}

export function sharedContacts(m: WaMessage): SharedContact[] {
  return (m.contacts ?? []).slice(0, 20).map((c) => {
    const a = c.addresses?.[0];
    const name =
      text(c.name?.formatted_name, 160) ??
      text([c.name?.first_name, c.name?.last_name].filter(Boolean).join(' '), 160) ??
      text(c.org?.company, 160) ??
      text(c.phones?.[0]?.phone, 160) ??
      '?';
    return {
      name,
      company: text(c.org?.company, 160),
      title: text(c.org?.title, 80),
      phones: (c.phones ?? [])
        .filter((p) => text(p.phone) ?? text(p.wa_id))
        .slice(0, 10)
        .map((p) => ({
          phone: text(p.phone, 40) ?? `+${p.wa_id}`,
          waId: text(p.wa_id, 20),
          label: text(p.type, 40),
        })),
      emails: (c.emails ?? [])
        .filter((e) => text(e.email))
        .slice(0, 10)
        .map((e) => ({ email: text(e.email, 254)!, label: text(e.type, 40) })),
      urls: (c.urls ?? [])
        .map((u) => text(u.url, 300))
        .filter((u): u is string => Boolean(u))
        .slice(0, 5),
      birthday: text(c.birthday, 10),
      address: a ? text([a.street, a.city, a.state, a.zip, a.country].filter(Boolean).join(', ')) : null,
    };
  });
}

export function orderOf(m: WaMessage): Order {
  const items = (m.order?.product_items ?? []).slice(0, 200).map((i) => ({
    sku: text(i.product_retailer_id, 100) ?? '?',
    quantity: number(i.quantity),
    price: number(i.item_price),
    currency: text(i.currency, 3)?.toUpperCase() ?? '',
  }));
  const totals: Record<string, number> = {};
  for (const i of items)
    totals[i.currency] = Math.round(((totals[i.currency] ?? 0) + i.quantity * i.price) * 100) / 100;
  return { catalogId: text(m.order?.catalog_id, 100), text: text(m.order?.text, 2000), items, totals };
}

/** What a message says, in the shape the inbox stores. Reactions and system notices are not read here (ingest.ts). */
export function readMessage(m: WaMessage): ReadMessage {
  const type = m.type ?? 'unknown';
  const errors = errorsOf(m);
  const context = m.context?.id ? { inReplyTo: m.context.id } : {};
  const forwarded = m.context?.forwarded || m.context?.frequently_forwarded ? { forwarded: true } : {};
  const referral = referralOf(m);
  const base = {
    ...(m.timestamp ? { sentAt: new Date(Number(m.timestamp) * 1000).toISOString() } : {}),
    ...context,
    ...forwarded,
    ...(errors.length ? { errors } : {}),
    ...(referral ? { referral } : {}),
  };
  const read = (kind: MessageKind, body: string, metadata: Record<string, unknown> = {}): ReadMessage => ({
    kind,
    body,
    metadata: { ...base, ...metadata },
    media: null,
    referral,
  });
  if (type === 'text') return read('text', m.text?.body ?? '');
  if (MEDIA.includes(type as MessageKind)) {
    const media = (m as Record<string, unknown>)[type] as (WaMedia & { filename?: string }) | undefined;
    return { ...read(type as MessageKind, media?.caption ?? ''), media: media?.id ? media : null };
  }
  if (type === 'location') {
    const l = m.location ?? {};
    const body = [l.name, l.address].filter(Boolean).join(', ') || `${l.latitude ?? '?'}, ${l.longitude ?? '?'}`;
    return read('location', body, {
      latitude: l.latitude ?? null,
      longitude: l.longitude ?? null,
      name: l.name ?? null,
      address: l.address ?? null,
    });
  }
  if (type === 'contacts') {
    const contacts = sharedContacts(m);
    return read('contacts', contacts.map((c) => c.name).join(', '), { contacts });
  }
  if (type === 'order') {
    const order = orderOf(m);
    return read('order', order.text ?? '', { order });
  }
  if (type === 'interactive') {
    const i = m.interactive;
    if (i?.nfm_reply) {
      // A WhatsApp Flow the customer filled in: what they answered, as JSON.
      let response: unknown;
      try {
        response = i.nfm_reply.response_json ? JSON.parse(i.nfm_reply.response_json) : null;
      } catch {
        response = i.nfm_reply.response_json ?? null;
      }
      return read('interactive', i.nfm_reply.body ?? i.nfm_reply.name ?? '', {
        interactiveType: 'nfm_reply',
        flow: i.nfm_reply.name ?? null,
        response,
      });
    }
    const reply = i?.button_reply ?? i?.list_reply;
    return read('interactive', reply?.title ?? '', {
      interactiveType: i?.type ?? null,
      replyId: reply?.id ?? null,
      description: i?.list_reply?.description ?? null,
    });
  }
  if (type === 'button')
    return read('interactive', m.button?.text ?? '', {
      interactiveType: 'button',
      payload: m.button?.payload ?? null,
    });
  // unsupported, unknown, or a type newer than this code: its name and WhatsApp's error are kept and shown.
  return read('unsupported', '', { type });
}

// The website chat widget: one script tag, a bubble in a shadow root (the host page's CSS cannot reach it),
// a pre-chat form, and live messages over WebSocket. Everything shown is set as text, never as HTML.
import { textOn } from '../../../packages/contract/src/colors';
import { widgetMessages, type WidgetMessageKey } from '../../../packages/contract/src/i18n/widget';
import { styles } from './styles';

/** An async DOM handler: nothing waits for it, and a failure is logged rather than left unhandled. */
const detached =
  <E extends Event>(work: (event: E) => Promise<void>) =>
  (event: E): void => {
    work(event).catch((error: unknown) => console.error(error));
  };

interface WidgetMessage {
  id: string;
  direction: 'incoming' | 'outgoing';
  senderName: string | null;
  body: string;
  kind?: string;
  metadata?: { surveyUrl?: string };
  createdAt: string;
  attachments: { id: string; name: string; contentType: string; status: string }[];
}
interface Config {
  workspaceName: string;
  language: 'es' | 'en';
  online: boolean;
  openNow: boolean;
  businessHoursSummary: string;
  privacyNoticeUrl: string | null;
  helpSearchUrl: string | null;
  nextOpenAt: string | null;
  appearance: {
    color: string;
    position: 'right' | 'left';
    greeting: { es: string; en: string };
    whatsappUrl: string | null;
  };
}

interface Stored {
  visitorToken: string;
  name: string;
  email: string;
  /** Absent in what older versions stored: they could. */
  canEmailTranscript?: boolean;
}

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-website-token]');
const websiteToken = script?.dataset.websiteToken ?? '';
const base = script ? new URL(script.src, location.href).origin : location.origin;
const storageKey = `atiende:${websiteToken}`;
/** A signed-in user of the site, written into the snippet by the site's server with its signature (identity verification). */
const signedUser =
  script?.dataset.userEmail && script.dataset.userHash
    ? { email: script.dataset.userEmail, name: script.dataset.userName ?? '', hash: script.dataset.userHash }
    : null;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  for (const child of children) el.append(child);
  return el;
}

class Widget {
  private config!: Config;
  private stored: Stored | null = null;
  private messages = new Map<string, WidgetMessage>();
  private pending = new Map<string, { body: string; failed: boolean; file?: File }>();
  private socket: WebSocket | null = null;
  private retry = 0;
  /** When the team was last seen writing, and when this visitor last said they were. */
  private agentTypingAt = 0;
  private typingSentAt = 0;
  private readonly root: ShadowRoot;
  private readonly panel: HTMLDivElement;
  private readonly bubble: HTMLButtonElement;
  private readonly status: HTMLParagraphElement;
  private readonly body: HTMLDivElement;
  private readonly notice: HTMLParagraphElement;
  private availabilityTimer: number | undefined;

  constructor(private readonly host: HTMLElement) {
    this.root = host.attachShadow({ mode: 'open' });
    this.root.append(h('style', { textContent: styles }));
    this.bubble = h('button', { className: 'bubble', type: 'button' });
    this.bubble.innerHTML =
      '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
    this.status = h('p', { className: 'status' });
    this.notice = h('p', { className: 'notice', hidden: true });
    this.body = h('div', { className: 'body' });
    const close = h('button', { className: 'close', type: 'button', textContent: '×' });
    this.panel = h(
      'div',
      { className: 'panel', hidden: true },
      h('header', {}, h('div', {}, h('strong', { className: 'title' }), this.status), close),
      this.notice,
      this.body,
    );
    this.panel.setAttribute('role', 'dialog');
    this.root.append(this.panel, this.bubble);
    this.bubble.addEventListener('click', () => this.toggle(true));
    close.addEventListener('click', () => this.toggle(false));
    try {
      this.stored = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as Stored | null;
      // Another person signed in on this browser: the previous person's chat is not theirs.
      if (this.stored && signedUser && this.stored.email.toLowerCase() !== signedUser.email.toLowerCase())
        this.stored = null;
    } catch {
      this.stored = null;
    }
  }

  private t(key: WidgetMessageKey, vars: Record<string, string> = {}): string {
    const text: string = widgetMessages[this.config?.language ?? 'es'][key];
    return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => vars[name] ?? '');
  }

  async start(): Promise<void> {
    const response = await fetch(`${base}/api/widget/v1/config?websiteToken=${encodeURIComponent(websiteToken)}`);
    if (!response.ok)
      throw new Error(`Atiende widget: configuration not found for this website token (${response.status})`);
    this.config = (await response.json()) as Config;
    this.applyAppearance();
    this.bubble.setAttribute('aria-label', this.t('open'));
    const title = this.t('title', { workspace: this.config.workspaceName });
    (this.panel.querySelector('.title') as HTMLElement).textContent = title;
    this.panel.setAttribute('aria-label', title);
    (this.panel.querySelector('.close') as HTMLElement).setAttribute('aria-label', this.t('close'));
    this.renderStatus();
    if (this.stored) {
      this.renderConversation();
      await this.catchUp();
      this.connect();
    } else this.renderPreChat();
  }

  /** The administrator's colour (text black or white, whichever reads) and corner. */
  private applyAppearance(): void {
    const { color, position } = this.config.appearance;
    this.host.style.setProperty('--accent', color);
    this.host.style.setProperty('--on-accent', textOn(color));
    this.host.dataset.position = position;
  }

  private toggle(open: boolean): void {
    this.panel.hidden = !open;
    this.bubble.hidden = open;
    if (open) {
      this.panel.querySelector<HTMLElement>('input, textarea')?.focus();
      // Who is there changes: asked again whenever the chat is opened, and every minute while it is.
      void this.refreshAvailability();
      window.clearInterval(this.availabilityTimer);
      this.availabilityTimer = window.setInterval(() => void this.refreshAvailability(), 60_000);
    } else window.clearInterval(this.availabilityTimer);
  }

  private async refreshAvailability(): Promise<void> {
    const response = await fetch(`${base}/api/widget/v1/config?websiteToken=${encodeURIComponent(websiteToken)}`).catch(
      () => null,
    );
    if (!response?.ok) return;
    const fresh = (await response.json()) as Config;
    this.config = { ...this.config, online: fresh.online, openNow: fresh.openNow, nextOpenAt: fresh.nextOpenAt };
    this.renderStatus();
  }

  /** The greeting the company wrote, in the visitor's language (empty: none). */
  private greeting(): string {
    return this.config.appearance.greeting[this.config.language].trim();
  }

  private renderStatus(): void {
    const available = this.config.online;
    // When the team is back, in the visitor's own clock and words ("jueves 9:00").
    const back = this.config.nextOpenAt
      ? new Intl.DateTimeFormat(this.config.language === 'en' ? 'en-US' : 'es-MX', {
          weekday: 'long',
          hour: 'numeric',
          minute: '2-digit',
        }).format(new Date(this.config.nextOpenAt))
      : null;
    this.status.textContent = available
      ? this.t('online')
      : back
        ? this.t('backAt', { when: back })
        : this.t('usualHours', { hours: this.config.businessHoursSummary });
    this.status.classList.toggle('online', available);
    this.notice.hidden = available;
    this.notice.textContent = available ? '' : this.t('offline');
  }

  private renderPreChat(): void {
    const name = h('input', { name: 'name', autocomplete: 'name', required: true, maxLength: 120 });
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'email', required: true, maxLength: 254 });
    if (signedUser) {
      name.value = signedUser.name;
      email.value = signedUser.email;
      email.readOnly = true;
    }
    const error = h('p', { className: 'error', hidden: true });
    const submit = h('button', { type: 'submit', className: 'primary', textContent: this.t('start') });
    const form = h(
      'form',
      { className: 'prechat', noValidate: true },
      ...(this.greeting() ? [h('p', { className: 'greeting', textContent: this.greeting() })] : []),
      h('p', { textContent: this.t('preChatIntro') }),
      h('label', {}, this.t('name'), name),
      h('label', {}, this.t('email'), email),
      error,
      submit,
    );
    if (this.config.privacyNoticeUrl) {
      const link = h('a', {
        href: this.config.privacyNoticeUrl,
        target: '_blank',
        rel: 'noopener',
        textContent: this.t('privacyLink'),
      });
      form.append(h('p', { className: 'fine' }, `${this.t('privacy')} `, link));
    }
    if (this.config.appearance.whatsappUrl)
      form.append(
        h('a', {
          className: 'whatsapp',
          href: this.config.appearance.whatsappUrl,
          target: '_blank',
          rel: 'noopener',
          textContent: this.t('whatsapp'),
        }),
      );
    if (this.config.helpSearchUrl) form.prepend(this.helpSearch(this.config.helpSearchUrl));
    form.addEventListener(
      'submit',
      detached(async (event) => {
        event.preventDefault();
        const problem = !name.value.trim()
          ? 'invalidName'
          : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.value.trim())
            ? 'invalidEmail'
            : null;
        error.hidden = !problem;
        if (problem) return void (error.textContent = this.t(problem));
        submit.disabled = true;
        const response = await fetch(`${base}/api/widget/v1/visitors`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            websiteToken,
            name: name.value.trim(),
            email: email.value.trim(),
            pageUrl: location.href.slice(0, 2000),
            ...(signedUser ? { identityHash: signedUser.hash } : {}),
          }),
        }).catch(() => null);
        submit.disabled = false;
        if (!response?.ok) {
          const body = (await response?.json().catch(() => null)) as { error?: { message?: string } } | null;
          error.hidden = false;
          error.textContent = body?.error?.message ?? this.t('failed');
          return;
        }
        this.stored = (await response.json()) as Stored;
        localStorage.setItem(storageKey, JSON.stringify(this.stored));
        this.renderConversation();
        this.connect();
      }),
    );
    this.body.replaceChildren(form);
  }

  /** Before writing, the visitor may find the answer in the help center: articles open in a new tab. */
  private helpSearch(url: string): HTMLElement {
    const input = h('input', { type: 'search', maxLength: 200, placeholder: this.t('searchHelp') });
    input.setAttribute('aria-label', this.t('searchHelp'));
    const results = h('div', { className: 'help-results' });
    let timer = 0;
    let asked = '';
    input.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(async () => {
        const q = input.value.trim();
        if (q === asked) return;
        asked = q;
        if (q.length < 3) return void results.replaceChildren();
        const response = await fetch(`${url}?q=${encodeURIComponent(q)}&lang=${this.config.language}`).catch(
          () => null,
        );
        const found = response?.ok
          ? ((await response.json()) as { items: { title: string; url: string }[] }).items
          : [];
        if (q !== asked) return;
        const links = found
          .filter((i) => /^https?:\/\//.test(i.url))
          .slice(0, 3)
          .map((i) => h('a', { href: i.url, target: '_blank', rel: 'noopener', textContent: i.title }));
        results.replaceChildren(
          ...(links.length ? [h('span', { textContent: this.t('searchHelpHint') }), ...links] : []),
        );
      }, 350);
    });
    // The team sees what visitors looked for: the search they ended with, not each keystroke.
    input.addEventListener('change', () => {
      const q = input.value.trim();
      if (q.length >= 3)
        void fetch(`${url}?q=${encodeURIComponent(q)}&lang=${this.config.language}&record=1`).catch(() => null);
    });
    return h('div', { className: 'help' }, input, results);
  }

  private renderConversation(): void {
    const list = h('div', { className: 'messages' });
    list.setAttribute('aria-live', 'polite');
    const input = h('textarea', { name: 'message', rows: 2, maxLength: 5000, placeholder: this.t('placeholder') });
    const send = h('button', { type: 'submit', className: 'primary', textContent: this.t('send') });
    const file = h('input', { type: 'file', hidden: true });
    const attach = h('button', { type: 'button', className: 'attach', textContent: '📎', title: this.t('attach') });
    attach.setAttribute('aria-label', this.t('attach'));
    attach.addEventListener('click', () => file.click());
    file.addEventListener('change', () => {
      const chosen = file.files?.[0];
      file.value = '';
      if (chosen) void this.upload(crypto.randomUUID(), chosen);
    });
    const form = h('form', { className: 'composer' }, attach, file, input, send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = '';
      void this.send(crypto.randomUUID(), text);
    });
    input.addEventListener('input', () => {
      // At most every 3 seconds: enough for "writing…" on the other side, little traffic.
      if (Date.now() - this.typingSentAt < 3_000 || this.socket?.readyState !== WebSocket.OPEN) return;
      this.typingSentAt = Date.now();
      this.socket.send('{"type":"typing"}');
    });
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    const transcript = h('button', { type: 'button', className: 'link', textContent: this.t('transcript') });
    transcript.addEventListener(
      'click',
      detached(async () => {
        transcript.disabled = true;
        const response = await fetch(`${base}/api/widget/v1/transcript`, {
          method: 'POST',
          headers: { 'x-visitor-token': this.stored!.visitorToken },
        }).catch(() => null);
        transcript.textContent = response?.ok
          ? this.t('transcriptSent', { email: this.stored!.email })
          : this.t('failed');
      }),
    );
    // An email typed that belongs to someone else gets no mail from the company: no link offering one.
    this.body.replaceChildren(list, form, ...(this.stored?.canEmailTranscript === false ? [] : [transcript]));
    this.renderMessages();
  }

  private renderMessages(): void {
    const list = this.body.querySelector('.messages');
    if (!list) return;
    const greeting = this.greeting()
      ? [h('div', { className: 'message theirs greeting' }, h('span', { textContent: this.greeting() }))]
      : [];
    const sorted = [...this.messages.values()].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    );
    const rows: HTMLElement[] = sorted.map((m) =>
      h(
        'div',
        { className: `message ${m.direction === 'incoming' ? 'mine' : 'theirs'}` },
        h('span', {
          className: 'author',
          textContent: m.direction === 'incoming' ? this.t('you') : (m.senderName ?? this.config.workspaceName),
        }),
        ...(m.body ? [h('span', { className: 'text', textContent: m.body })] : []),
        // A survey after the conversation: the link opens the answer page (only our own http(s) addresses).
        ...(m.kind === 'survey' && /^https?:\/\//.test(m.metadata?.surveyUrl ?? '')
          ? [
              h('a', {
                className: 'survey',
                href: m.metadata!.surveyUrl!,
                target: '_blank',
                rel: 'noopener',
                textContent: this.t('answerSurvey'),
              }),
            ]
          : []),
        ...(m.attachments ?? []).filter((a) => a.status === 'ready').map((a) => this.attachment(a)),
      ),
    );
    for (const [id, p] of this.pending) {
      const row = h(
        'div',
        { className: 'message mine pending' },
        h('span', { className: 'text', textContent: p.body }),
        h('span', { className: 'state', textContent: p.failed ? this.t('failed') : this.t('sending') }),
      );
      if (p.failed)
        row.addEventListener('click', () => void (p.file ? this.upload(id, p.file) : this.send(id, p.body)));
      rows.push(row);
    }
    if (Date.now() - this.agentTypingAt < 5_000)
      rows.push(
        h('div', { className: 'typing', textContent: this.t('typing', { workspace: this.config.workspaceName }) }),
      );
    list.replaceChildren(...greeting, ...rows);
    list.scrollTop = list.scrollHeight;
  }

  /** Files travel with the visitor token in a header, never in a URL: shown from a blob, images inline. */
  private attachment(a: WidgetMessage['attachments'][number]): HTMLElement {
    const link = h('a', { className: 'file', href: '#', textContent: `📎 ${a.name}` });
    const fetchBlob = async () => {
      const response = await fetch(`${base}/api/widget/v1/files/${encodeURIComponent(a.id)}`, {
        headers: { 'x-visitor-token': this.stored!.visitorToken },
      }).catch(() => null);
      return response?.ok ? URL.createObjectURL(await response.blob()) : null;
    };
    link.addEventListener(
      'click',
      detached(async (event) => {
        event.preventDefault();
        const url = await fetchBlob();
        if (!url) return;
        const download = h('a', { href: url, download: a.name });
        download.click();
      }),
    );
    if (a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml') {
      void fetchBlob().then((url) => {
        if (url) link.replaceChildren(h('img', { src: url, alt: a.name, className: 'thumb' }));
      });
    }
    return link;
  }

  private async upload(clientMessageId: string, file: File): Promise<void> {
    if (file.size > 10 * 1024 * 1024) {
      this.pending.set(clientMessageId, { body: `📎 ${file.name} · ${this.t('tooLarge')}`, failed: true, file });
      return this.renderMessages();
    }
    await this.post(
      clientMessageId,
      { body: `📎 ${file.name}`, file },
      `/api/widget/v1/attachments?clientMessageId=${clientMessageId}`,
      {
        headers: {
          'content-type': file.type || 'application/octet-stream',
          'x-file-name': encodeURIComponent(file.name),
        },
        body: file,
      },
    );
  }

  /** Shows the message as sending, posts it, and on failure keeps it to retry with the same id (stored once). */
  private async post(
    clientMessageId: string,
    pending: { body: string; file?: File },
    path: string,
    init: { headers: Record<string, string>; body: BodyInit },
  ): Promise<void> {
    this.pending.set(clientMessageId, { ...pending, failed: false });
    this.renderMessages();
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...init.headers, 'x-visitor-token': this.stored!.visitorToken },
      body: init.body,
    }).catch(() => null);
    if (response?.ok) {
      this.pending.delete(clientMessageId);
      this.add([(await response.json()) as WidgetMessage]);
    } else {
      if (response?.status === 401) return this.forget();
      this.pending.set(clientMessageId, { ...pending, failed: true });
      this.renderMessages();
    }
  }

  private add(messages: WidgetMessage[]): void {
    for (const m of messages) this.messages.set(m.id, m);
    this.renderMessages();
  }

  private send(clientMessageId: string, body: string): Promise<void> {
    return this.post(clientMessageId, { body }, '/api/widget/v1/messages', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body, clientMessageId }),
    });
  }

  private forget(): void {
    localStorage.removeItem(storageKey);
    this.stored = null;
    this.messages.clear();
    this.pending.clear();
    this.socket?.close();
    this.renderPreChat();
  }

  /** Fetches what arrived while the socket was down; the ids are time-ordered, so "after the last one" is exact. */
  private async catchUp(): Promise<void> {
    const last = [...this.messages.keys()].sort().at(-1);
    const response = await fetch(`${base}/api/widget/v1/messages${last ? `?after=${encodeURIComponent(last)}` : ''}`, {
      headers: { 'x-visitor-token': this.stored!.visitorToken },
    }).catch(() => null);
    if (response?.status === 401) return this.forget();
    if (response?.ok) this.add((await response.json()) as WidgetMessage[]);
  }

  private connect(): void {
    if (!this.stored) return;
    const url = `${base.replace(/^http/, 'ws')}/api/widget/v1/ws?token=${encodeURIComponent(this.stored.visitorToken)}`;
    const socket = new WebSocket(url);
    this.socket = socket;
    let ping: number | undefined;
    socket.addEventListener('open', () => {
      this.retry = 0;
      void this.catchUp();
      ping = window.setInterval(() => socket.send('{"type":"ping"}'), 25_000);
    });
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as { type: string; message?: WidgetMessage };
      if (frame.type === 'message.created' && frame.message) {
        this.agentTypingAt = 0;
        // Someone of the team just answered: they are here, whatever the last reading said.
        if (frame.message.direction === 'outgoing' && !this.config.online) {
          this.config.online = true;
          this.renderStatus();
        }
        this.add([frame.message]);
      } else if (frame.type === 'typing') {
        this.agentTypingAt = Date.now();
        this.renderMessages();
        window.setTimeout(() => this.renderMessages(), 5_100);
      }
    });
    socket.addEventListener('close', (event) => {
      window.clearInterval(ping);
      if (this.socket !== socket || !this.stored) return;
      if (event.code === 4401) return this.forget();
      this.retry += 1;
      window.setTimeout(() => this.connect(), Math.min(30_000, 500 * 2 ** this.retry));
    });
  }
}

if (!document.getElementById('atiende-widget')) {
  const host = document.createElement('div');
  host.id = 'atiende-widget';
  document.body.append(host);
  new Widget(host).start().catch((error: unknown) => console.error(error));
}

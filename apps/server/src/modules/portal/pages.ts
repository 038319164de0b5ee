// The portal's pages: plain HTML written by the server, no script, readable on a phone, in the customer's language.
// Every text from the company or the customer is escaped.
import { portalMessages } from '@atiende/contract/i18n';
import { escapeHtml as e } from '../../platform/html.js';
import { shell } from '../../platform/public-page.js';
import type { PortalProject, PortalVisitor, overview, portalConversation } from './service.js';

type Lang = 'es' | 'en';
type Overview = Awaited<ReturnType<typeof overview>>;
type Conversation = Awaited<ReturnType<typeof portalConversation>>;

const CSS = `<style>.card{background:#fff;border-radius:10px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px #0001}.muted{color:#616e7c;font-size:14px}
.bar{height:8px;background:#e4e7eb;border-radius:4px;overflow:hidden;margin:6px 0}.bar span{display:block;height:100%;background:#2563eb}
.row{display:flex;justify-content:space-between;gap:8px;align-items:baseline}.badge{font-size:12px;background:#e0e7ff;color:#1e3a8a;border-radius:6px;padding:1px 6px;white-space:nowrap}
ul{padding-left:18px}li{margin:4px 0}.inline{display:flex;gap:8px;flex-wrap:wrap}.inline button{width:auto;margin:6px 0;padding:8px 12px;font-size:14px}
.ok{background:#dcfce7;color:#14532d;padding:10px 12px;border-radius:8px}.msg{margin:8px 0;padding:8px 10px;border-radius:8px;background:#fff}.msg.mine{background:#eff6ff}
input[type=email],input[type=file]{width:100%;font:inherit;padding:10px;border:1px solid #cbd2d9;border-radius:8px;display:block;background:#fff}nav{margin:8px 0}
form.out{display:inline}form.out button{width:auto;margin:0;padding:4px 10px;font-size:13px;background:#52606d}</style>`;

const day = (language: Lang, date: string | null) =>
  date
    ? new Date(`${date.slice(0, 10)}T12:00:00Z`).toLocaleDateString(language === 'en' ? 'en-US' : 'es-MX', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '';
const when = (language: Lang, at: string) =>
  new Date(at).toLocaleString(language === 'en' ? 'en-US' : 'es-MX', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'America/Mexico_City',
  });
const status = (language: Lang, s: string) => portalMessages[language].status[s] ?? s;

function page(language: Lang, company: string, title: string, body: string, langHref: string | null = null): string {
  return shell(language, title, company, langHref, CSS + body);
}

export function signInPage(language: Lang, company: string, action: string, langHref: string, error?: string): string {
  const w = portalMessages[language];
  return page(
    language,
    company,
    w.title(company),
    `<h1>${e(w.signInTitle)}</h1><p class="intro">${e(w.signInIntro(company))}</p>${error ? `<p class="alert">${e(error)}</p>` : ''}<form method="post" action="${e(action)}"><fieldset><label for="email"><legend>${e(w.email)}</legend></label><input type="email" id="email" name="email" required maxlength="254" autocomplete="email"><input type="hidden" name="language" value="${language}"></fieldset><button type="submit">${e(w.sendLink)}</button></form>`,
    langHref,
  );
}

export function messagePage(
  language: Lang,
  company: string,
  kind: 'sent' | 'noMail' | 'badLink' | 'limited' | 'missing' | 'notFound',
  back?: string,
): string {
  const w = portalMessages[language];
  return page(
    language,
    company,
    w[`${kind}Title`],
    `<h1>${e(w[`${kind}Title`])}</h1><p>${e(w[`${kind}Body`])}</p>${back ? `<p><a href="${e(back)}">${e(w.back)}</a></p>` : ''}`,
  );
}

/** The link from the email opens this, and only the button's POST spends it (mail scanners follow links). */
export function enterPage(language: Lang, company: string, action: string): string {
  const w = portalMessages[language];
  return page(
    language,
    company,
    w.enterTitle,
    `<h1>${e(w.enterTitle)}</h1><p>${e(w.enterBody)}</p><form method="post" action="${e(action)}"><button type="submit">${e(w.enter)}</button></form>`,
  );
}

function top(v: PortalVisitor, base: string): string {
  const w = portalMessages[v.language];
  return `<nav class="row"><strong>${e(w.hello(v.contactName))}</strong><form class="out" method="post" action="${e(`${base}/logout`)}"><button type="submit">${e(w.signOut)}</button></form></nav>`;
}

export function homePage(v: PortalVisitor, data: Overview, base: string): string {
  const w = portalMessages[v.language];
  const L = v.language;
  const projects = data.projects.length
    ? data.projects
        .map((p) => {
          const percent = p.tasksTotal
            ? Math.round((p.tasksDone / p.tasksTotal) * 100)
            : p.status === 'delivered' || p.status === 'invoiced'
              ? 100
              : 0;
          return `<div class="card" data-project><div class="row"><a href="${e(`${base}/projects/${p.id}`)}">${e(`${p.reference} · ${p.title}`)}</a><span class="badge">${e(status(L, p.status))}</span></div><div class="bar"><span style="width:${percent}%"></span></div><div class="muted">${e(w.progress(percent))}${p.dueDate ? ` · ${e(w.due(day(L, p.dueDate)))}` : ''}</div></div>`;
        })
        .join('')
    : `<p class="muted">${e(w.noProjects)}</p>`;
  const surveys = data.surveys.length
    ? `<h2>${e(w.surveys)}</h2>${data.surveys.map((s) => `<div class="card row"><span>${e(s.survey)}</span><a href="${e(`${base}/surveys/${s.id}`)}">${e(w.answer)}</a></div>`).join('')}`
    : '';
  const conversations = data.conversations.length
    ? data.conversations
        .map(
          (c) =>
            `<div class="card"><div class="row"><a href="${e(`${base}/conversations/${c.id}`)}">${e(c.subject || c.preview || c.channel)}</a><span class="badge">${e(status(L, c.status))}</span></div><div class="muted">${e(when(L, c.lastMessageAt))}</div></div>`,
        )
        .join('')
    : `<p class="muted">${e(w.noConversations)}</p>`;
  const incidents = data.incidents.length
    ? `<ul>${data.incidents.map((i) => `<li>#${i.number} ${e(i.title)} <span class="badge">${e(status(L, i.status))}</span> <span class="muted">${e(when(L, i.reportedAt))}</span></li>`).join('')}</ul>`
    : `<p class="muted">${e(w.noIncidents)}</p>`;
  const money = (value: number, currency: string) =>
    value.toLocaleString(L === 'en' ? 'en-US' : 'es-MX', { style: 'currency', currency });
  const quotes = data.quotes.length
    ? `<h2>${e(w.quotes)}</h2>${data.quotes.map((q) => `<div class="card" data-quote><div class="row"><a href="${e(`${base}/quotes/${q.id}`)}">${e(`${q.reference} · ${q.title}`)}</a><span class="badge">${e(q.expired ? w.expired : status(L, q.status))}</span></div><div class="row"><span class="muted">${e(money(q.total, q.currency))}</span><a href="${e(`${base}/quotes/${q.id}/pdf`)}">PDF</a></div></div>`).join('')}`
    : '';
  return page(
    L,
    v.company,
    w.title(v.company),
    `${top(v, base)}<h1>${e(w.projects)}</h1>${projects}${surveys}${quotes}<h2>${e(w.conversations)}</h2>${conversations}<h2>${e(w.incidents)}</h2>${incidents}`,
  );
}

export function projectPage(
  v: PortalVisitor,
  p: PortalProject,
  base: string,
  notice?: { ok?: boolean; error?: string },
): string {
  const w = portalMessages[v.language];
  const L = v.language;
  const action = `${base}/projects/${p.id}`;
  const tasks = p.tasks.length
    ? `<ul>${p.tasks.map((task) => `<li>${task.status === 'done' ? '✓ ' : ''}${e(task.title)} <span class="badge">${e(status(L, task.status))}</span>${task.dueDate ? ` <span class="muted">${e(day(L, task.dueDate))}</span>` : ''}</li>`).join('')}</ul>`
    : '';
  const files = p.documents.length
    ? p.documents
        .map((d) => {
          const latest = d.versions[0]!;
          const versions = d.versions
            .map(
              (x) =>
                `<li><a href="${e(`${base}/files/${x.fileId}`)}">${e(x.name)}</a> <span class="muted">${e(w.version(x.version))} · ${e(x.by)} · ${e(when(L, x.at))}</span>${x.note ? `<br><span class="muted">${e(x.note)}</span>` : ''}</li>`,
            )
            .join('');
          return `<div class="card" data-document><strong>${e(d.name)}</strong><ul>${versions}</ul><form method="post" action="${e(`${action}/respond`)}"><input type="hidden" name="documentId" value="${e(d.id)}"><input type="hidden" name="version" value="${latest.version}"><label class="muted" for="c-${e(d.id)}">${e(w.changeWhat)}</label><textarea id="c-${e(d.id)}" name="body" maxlength="10000"></textarea><div class="inline"><button type="submit" name="kind" value="approval">${e(w.approve)}</button><button type="submit" name="kind" value="change_request">${e(w.requestChange)}</button></div></form></div>`;
        })
        .join('')
    : `<p class="muted">${e(w.noFiles)}</p>`;
  const timeline = p.timeline
    .map((item) => {
      const label = w.events[item.kind] ?? item.kind;
      const detail = item.kind === 'status' ? ` → ${status(L, String(item.data.to))}` : '';
      return `<div class="msg${item.byCustomer ? ' mine' : ''}"><div class="muted">${e(when(L, item.at))} · ${e(item.by ?? '')} · ${e(label + detail)}</div>${item.body ? `<div>${e(item.body)}</div>` : ''}</div>`;
    })
    .join('');
  const banner = notice?.ok
    ? `<p class="ok">${e(w.saved)}</p>`
    : notice?.error
      ? `<p class="alert">${e(notice.error)}</p>`
      : '';
  return page(
    L,
    v.company,
    `${p.reference} · ${p.title}`,
    `${top(v, base)}<p><a href="${e(base)}">← ${e(w.back)}</a></p>${banner}<h1>${e(`${p.reference} · ${p.title}`)}</h1><div class="row"><span class="badge" data-status>${e(status(L, p.status))}</span>${p.dueDate ? `<span class="muted">${e(w.due(day(L, p.dueDate)))}</span>` : ''}</div><div class="bar"><span style="width:${p.progress}%"></span></div><div class="muted" data-progress>${e(w.progress(p.progress))}</div>${tasks ? `<h2>${e(w.tasks)}</h2>${tasks}` : ''}<h2>${e(w.files)}</h2>${files}<form method="post" action="${e(`${action}/files`)}" enctype="multipart/form-data"><fieldset><label for="file"><legend>${e(w.upload)}</legend></label><input type="file" id="file" name="file" required><p class="help">${e(w.uploadHint)}</p></fieldset><button type="submit">${e(w.uploadSend)}</button></form><h2>${e(w.timeline)}</h2><form method="post" action="${e(`${action}/respond`)}"><input type="hidden" name="kind" value="comment"><label class="muted" for="comment">${e(w.comment)}</label><textarea id="comment" name="body" maxlength="10000" required></textarea><button type="submit">${e(w.send)}</button></form>${timeline}`,
  );
}

export function conversationPage(v: PortalVisitor, c: Conversation, base: string): string {
  const w = portalMessages[v.language];
  const L = v.language;
  const messages = c.messages
    .map(
      (m) =>
        `<div class="msg${m.fromCustomer ? ' mine' : ''}"><div class="muted">${e(when(L, m.at))} · ${e(m.by ?? '')}</div><div>${e(m.body)}</div></div>`,
    )
    .join('');
  return page(
    L,
    v.company,
    c.subject ?? c.channel,
    `${top(v, base)}<p><a href="${e(base)}">← ${e(w.back)}</a></p><h1>${e(c.subject ?? c.channel)}</h1><span class="badge">${e(status(L, c.status))}</span>${messages}`,
  );
}

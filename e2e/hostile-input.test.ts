// Stored XSS, end to end in a real browser: a customer, a visitor and a careless colleague put markup and script into
// a contact's name, messages, an article, a survey answer, a project and file names; the console, the widget on the
// company's website, the customer portal and the public help center all show it as text. Nothing runs (no dialog, no
// call of the trap function), no element carries an event handler or a javascript: address, and the text is there
// (so the page really showed the hostile data).
import type { BrowserContext, Frame, Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServer,
  createWorkspace,
  dialects,
  launchBrowser,
  newContext,
  signIn,
  startServer,
  startWebsite,
} from './harness.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Markup that would call the trap (or open a dialog) if a page ever let it be markup. */
const hostile = (where: string) =>
  `<img src=x onerror="__pwned('${where}')"><svg onload="__pwned('${where}-svg')"></svg><script>__pwned('${where}-script')</script><a href="javascript:__pwned('${where}-href')">x</a>`;
/** For short fields (titles, names): the one tag that runs without any interaction. */
const hostileShort = (where: string) => `<img src=x onerror="__pwned('${where}')">`;
/** Markdown's own ways in: links and images with script addresses, raw HTML. */
const hostileMarkdown = `[ayuda](javascript:__pwned('md-link')) [otra](JaVaScRiPt:alert('md-link2')) ![img](javascript:__pwned('md-img'))
<a href="javascript:__pwned('raw-a')">raw</a> <iframe src="javascript:__pwned('iframe')"></iframe> <div onclick="__pwned('div')">div</div>
<form action="javascript:__pwned('form')"><button>ok</button></form> <object data="javascript:__pwned('object')"></object>`;

interface Watch {
  hits: string[];
}

/** Every page of the context: the trap function on window (any frame), and dialogs counted and dismissed. */
async function watched(context: BrowserContext): Promise<Watch> {
  const watch: Watch = { hits: [] };
  await context.exposeFunction('__pwned', (where: string) => void watch.hits.push(where));
  context.on('page', (page) =>
    page.on('dialog', (dialog) => void (watch.hits.push(`dialog: ${dialog.message()}`), dialog.dismiss())),
  );
  return watch;
}

/** What markup got through, in every frame and shadow root: event handler attributes, script addresses, trap scripts.
 *  (An article may keep a harmless <img>; a plain-text field shows its markup as text, which showsSafely checks.) */
async function injected(page: Page): Promise<string[]> {
  const found: string[] = [];
  const inFrame = (frame: Frame) =>
    frame.evaluate(() => {
      const out: string[] = [];
      const visit = (root: Document | ShadowRoot) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          for (const name of el.getAttributeNames()) {
            const value = el.getAttribute(name) ?? '';
            if (/^on/i.test(name)) out.push(`${el.tagName} ${name}="${value}"`);
            if (
              /^(href|src|action|data|formaction|xlink:href|srcdoc)$/i.test(name) &&
              /^\s*(javascript|vbscript|data:text\/html)/i.test(value)
            )
              out.push(`${el.tagName} ${name}="${value}"`);
          }
          if (el.tagName === 'SCRIPT' && (el.textContent ?? '').includes('__pwned')) out.push('inline script');
          if (el.shadowRoot) visit(el.shadowRoot);
        }
      };
      visit(document);
      return out;
    });
  for (const frame of page.frames()) found.push(...(await inFrame(frame).catch(() => [])));
  return found;
}

/** Shows `text` and nothing hostile: the page was given the data and kept it text. */
async function showsSafely(page: Page, watch: Watch, text: string, where: string): Promise<void> {
  // getByText reaches into the widget's shadow root too.
  await expect
    .poll(() => page.getByText(text).count(), { message: `${where} shows ${text}`, timeout: 15_000 })
    .toBeGreaterThan(0);
  // Give anything that would run a moment to run.
  await page.waitForTimeout(300);
  expect(await injected(page), where).toEqual([]);
  expect(watch.hits, where).toEqual([]);
}

describe.each(dialects)('hostile input rendered everywhere (%s)', (dialect) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(dialect);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows names, messages, articles, survey answers, projects and file names as text in the console, widget, portal and help center', async () => {
    const session = await createWorkspace(server, {
      ownerName: 'Mariana Treviño',
      email: 'mariana@facturanorte.mx',
      password: 'contraseña segura 1',
      companyName: 'Factura Norte',
    });
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<any>;
    };
    const upload = async (path: string, name: string) => {
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent(name) },
        body: '%PDF-1.4 hostil',
      });
      if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    };

    // The article: title and Markdown full of script, public and published.
    const article = await call('POST', '/api/articles', {
      title: `Timbrado ${hostileShort('article-title')}`,
      body: `## Pasos\nRevisa el certificado.\n\n${hostile('article-body')}\n\n${hostileMarkdown}`,
      language: 'es',
      visibility: 'public',
      status: 'published',
    });
    const websiteToken = (await call('GET', '/api/inboxes')).find(
      (i: { channel: string }) => i.channel === 'webchat',
    ).websiteToken;

    // A visitor on the company's website: finds the article in the widget, then writes with a hostile name and text.
    const visitorContext = await newContext(browser);
    const visitorWatch = await watched(visitorContext);
    const website = await startWebsite(
      `<script src="${server.url}/widget.js" data-website-token="${websiteToken}" async></script>`,
    );
    const visitor = await visitorContext.newPage();
    await visitor.goto(website.url);
    await visitor.getByRole('button', { name: 'Chatea con nosotros' }).click();
    await visitor.getByRole('searchbox', { name: 'Busca en nuestros artículos de ayuda' }).fill('Timbrado');
    await showsSafely(
      visitor,
      visitorWatch,
      `Timbrado <img src=x onerror="__pwned('article-title')">`,
      'widget: article search',
    );
    await visitor.getByLabel('Tu nombre').fill(`Rosa ${hostileShort('visitor-name')}`);
    await visitor.getByLabel('Tu correo').fill('rosa@lapaloma.mx');
    await visitor.getByRole('button', { name: 'Iniciar chat' }).click();
    await visitor.getByPlaceholder('Escribe un mensaje…').fill(`No timbra ${hostile('visitor-message')}`);
    await visitor.getByRole('button', { name: 'Enviar', exact: true }).click();
    await expect.poll(async () => (await call('GET', '/api/conversations')).items.length).toBe(1);
    const conversation = (await call('GET', '/api/conversations')).items[0];
    const contactId = conversation.contact.id as string;

    // A colleague answers with markup and a file whose name is markup; the widget shows both as text.
    await call('POST', `/api/conversations/${conversation.id}/messages`, {
      body: `Listo ${hostile('agent-reply')} ${hostileMarkdown}`,
    });
    await upload(`/api/conversations/${conversation.id}/attachments`, `"><img src=x onerror=__pwned('file')>.pdf`);
    await showsSafely(
      visitor,
      visitorWatch,
      `Listo <img src=x onerror="__pwned('agent-reply')">`,
      'widget: agent reply',
    );
    // File names lose the characters no file system takes ("<>|:*?) when they are stored; what is left shows as text.
    await showsSafely(visitor, visitorWatch, `img src=x onerror=__pwned('file').pdf`, 'widget: file name');

    // The customer answers a survey with markup.
    const created = await call('POST', '/api/surveys/from-template', { template: 'post_conversation_csat' });
    const survey = await call('PATCH', `/api/surveys/${created.id}`, { status: 'active' });
    const link = await call('POST', `/api/surveys/${survey.id}/links`, { conversationId: conversation.id });
    const answered = await fetch(`${server.url}/api/public/surveys/${new URL(link.url).pathname.split('/').at(-1)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { csat: 2, comment: `Mal ${hostile('survey-answer')}` } }),
    });
    expect(answered.status).toBeLessThan(300);

    // A work order for the customer, with a hostile title, public comment and document name.
    const project = await call('POST', '/api/projects', {
      title: `Bridas ${hostileShort('project-title')}`,
      kind: 'work_order',
      contactId,
    });
    await call('POST', `/api/projects/${project.id}/comments`, {
      body: `Avance ${hostile('project-comment')}`,
      public: true,
    });
    await upload(`/api/projects/${project.id}/files`, `plano"><svg onload=__pwned('project-file')>.pdf`);
    await call('POST', `/api/projects/${project.id}/conversations`, { conversationId: conversation.id });

    // The console: inbox, contact, contacts list, article, survey results, project.
    const consoleContext = await newContext(browser);
    const consoleWatch = await watched(consoleContext);
    const page = await consoleContext.newPage();
    await page.setViewportSize({ width: 1400, height: 1000 });
    await signIn(page, server.url, 'mariana@facturanorte.mx', 'contraseña segura 1');
    await page.goto(`${server.url}/inbox/${conversation.id}`);
    await showsSafely(
      page,
      consoleWatch,
      `No timbra <img src=x onerror="__pwned('visitor-message')">`,
      'console: customer message',
    );
    await showsSafely(page, consoleWatch, `Listo <img src=x onerror="__pwned('agent-reply')">`, 'console: agent reply');
    await showsSafely(page, consoleWatch, `img src=x onerror=__pwned('file').pdf`, 'console: file name');
    await showsSafely(
      page,
      consoleWatch,
      `Rosa <img src=x onerror="__pwned('visitor-name')">`,
      'console: contact name in the inbox',
    );
    await page.goto(`${server.url}/contacts/${contactId}`);
    await showsSafely(
      page,
      consoleWatch,
      `Rosa <img src=x onerror="__pwned('visitor-name')">`,
      'console: contact page',
    );
    await page.goto(`${server.url}/contacts`);
    await showsSafely(
      page,
      consoleWatch,
      `Rosa <img src=x onerror="__pwned('visitor-name')">`,
      'console: contacts list',
    );
    await page.goto(`${server.url}/knowledge/${article.id}`);
    await showsSafely(page, consoleWatch, 'Revisa el certificado.', 'console: article');
    await showsSafely(
      page,
      consoleWatch,
      `Timbrado <img src=x onerror="__pwned('article-title')">`,
      'console: article title',
    );
    await page.goto(`${server.url}/surveys/${survey.id}/results`);
    await showsSafely(
      page,
      consoleWatch,
      `Mal <img src=x onerror="__pwned('survey-answer')">`,
      'console: survey answer',
    );
    await page.goto(`${server.url}/projects/${project.id}`);
    await showsSafely(page, consoleWatch, `Bridas <img src=x onerror="__pwned('project-title')">`, 'console: project');
    await consoleContext.close();

    // The customer portal: the customer's name, the project, its comment and file, the conversation.
    const invitation = await call('POST', '/api/portal/invitations', { contactId });
    const customerContext = await newContext(browser);
    const customerWatch = await watched(customerContext);
    const customer = await customerContext.newPage();
    await customer.goto(invitation.url);
    await customer.getByRole('button').first().click();
    await customer.waitForURL(/\/home$/);
    await showsSafely(customer, customerWatch, `Rosa <img src=x onerror="__pwned('visitor-name')">`, 'portal: home');
    await showsSafely(
      customer,
      customerWatch,
      `Bridas <img src=x onerror="__pwned('project-title')">`,
      'portal: project in the list',
    );
    await customer.goto(
      `${new URL(invitation.url).origin}${new URL(invitation.url).pathname.split('/enter/')[0]}/projects/${project.id}`,
    );
    await showsSafely(
      customer,
      customerWatch,
      `Avance <img src=x onerror="__pwned('project-comment')">`,
      'portal: project comment',
    );
    await showsSafely(customer, customerWatch, `planosvg onload=__pwned('project-file').pdf`, 'portal: document name');
    await customer.goto(
      `${new URL(invitation.url).origin}${new URL(invitation.url).pathname.split('/enter/')[0]}/conversations/${conversation.id}`,
    );
    await showsSafely(
      customer,
      customerWatch,
      `Listo <img src=x onerror="__pwned('agent-reply')">`,
      'portal: conversation',
    );

    // The public help center: the article and a search that finds it (the query echoed back is markup too).
    await customer.goto(article.publicUrl);
    await showsSafely(customer, customerWatch, 'Revisa el certificado.', 'help center: article');
    await showsSafely(
      customer,
      customerWatch,
      `Timbrado <img src=x onerror="__pwned('article-title')">`,
      'help center: article title',
    );
    const slug = new URL(article.publicUrl).pathname.split('/')[2];
    await customer.goto(
      `${server.url}/help/${slug}/search?q=${encodeURIComponent(`Timbrado <img src=x onerror=__pwned('query')>`)}`,
    );
    await showsSafely(customer, customerWatch, `<img src=x onerror=__pwned('query')>`, 'help center: search');

    await customerContext.close();
    await visitorContext.close();
    await website.close();
  });
});

// WCAG 2.2 AA, checked by axe-core in Chromium: no serious or critical violation on any console page of the demo
// workspace (desktop and phone), the sign-in page, the public help center, a survey, the customer portal, a quote
// page and the website chat on somebody's site. A failure lists each rule, how many elements and where.
import { readFileSync } from 'node:fs';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, launchBrowser, newContext, startServer, startWebsite } from './harness.js';

const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

interface Finding {
  page: string;
  rule: string;
  impact: string;
  nodes: number;
  where: string[];
}

/** Serious and critical violations on what the page shows now. */
async function audit(target: Page | Frame, label: string, within?: string): Promise<Finding[]> {
  // Evaluated through the DevTools protocol, so the pages' Content-Security-Policy does not stop it.
  await target.evaluate(axeSource);
  const violations = await target.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(selector ? { include: [[selector]] } : document, { resultTypes: ['violations'] });
    return result.violations as { id: string; impact: string; nodes: { target: string[] }[] }[];
  }, within);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: label,
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
}

const consolePages = [
  '/today',
  '/inbox',
  '/contacts',
  '/contacts/import',
  '/contacts/duplicates',
  '/companies',
  '/segments',
  '/personas',
  '/deals',
  '/deals?view=list',
  '/quotes',
  '/projects',
  '/sequences',
  '/subscriptions',
  '/health',
  '/incidents',
  '/knowledge',
  '/training',
  '/surveys',
  '/standards',
  '/settings/profile',
  '/settings/inbox',
  '/settings/workspace',
  '/settings/team',
  '/settings/channels',
  '/settings/teams',
  '/settings/sla',
  '/settings/widget',
  '/settings/api',
  '/settings/webhooks',
  '/settings/automation',
  '/settings/fields',
  '/settings/audit',
  '/privacy',
  '/no-such-page',
];

let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('sqlite', { ATIENDE_DEMO: '1' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openDemo(page: Page) {
  await page.goto(`${server.url}/login`);
  const findings = await audit(page, '/login');
  await page.getByRole('button', { name: /demo/i }).first().click();
  await page.waitForURL(/\/today$/);
  return findings;
}

/** Waits until the page has drawn its data (no loader left) before it is checked. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect.poll(() => page.locator('.mantine-Loader-root').count(), { timeout: 10_000 }).toBe(0);
}

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  it('every console page of the demo workspace, on a desktop, has no serious or critical violation', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const findings = await openDemo(page);
    for (const path of consolePages) {
      await page.goto(`${server.url}${path}`);
      await settled(page);
      findings.push(...(await audit(page, path)));
    }
    // An open conversation with the customer panel, and the search palette.
    await page.goto(`${server.url}/inbox`);
    await page.getByTestId('conversation-row').first().click();
    await expect.poll(() => page.getByTestId('customer-panel').isVisible()).toBe(true);
    await settled(page);
    findings.push(...(await audit(page, '/inbox/:id')));
    await page.keyboard.press('Control+K');
    await page.getByRole('combobox', { name: 'Buscar en todo' }).fill('garza');
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(0);
    findings.push(...(await audit(page, 'search')));
    expect(findings).toEqual([]);
    await context.close();
  });

  it('on a phone too, and the public pages a customer sees', async () => {
    const context = await newContext(browser, { phone: true });
    const page = await context.newPage();
    const findings = await openDemo(page);
    for (const path of ['/today', '/inbox', '/contacts', '/deals', '/quotes', '/projects']) {
      await page.goto(`${server.url}${path}`);
      await settled(page);
      findings.push(...(await audit(page, `phone ${path}`)));
    }
    await page.getByRole('button', { name: 'Menú' }).click();
    findings.push(...(await audit(page, 'phone menu')));

    // The public pages, reached the way customers reach them.
    const read = async (path: string) => (await page.request.get(`${server.url}${path}`)).json();
    const session = await read('/api/auth/session');
    const headers = { 'x-csrf-token': session.csrfToken as string };
    const help = await read('/api/help-center');
    await page.goto(help.url);
    findings.push(...(await audit(page, 'help center')));
    const article = page.locator('main a[href*="/help/"]').first();
    if (await article.count()) {
      await article.click();
      await page.waitForLoadState('networkidle');
      findings.push(...(await audit(page, 'help center article')));
    }
    const surveys = (await read('/api/surveys')) as { id: string; status: string; publicUrl: string }[];
    const survey = surveys.find((s) => s.status === 'active');
    if (survey) {
      await page.goto(survey.publicUrl);
      findings.push(...(await audit(page, 'survey')));
    }
    const portal = await read('/api/portal/settings');
    await page.goto(portal.url);
    findings.push(...(await audit(page, 'portal sign-in')));
    const quotes = (await read('/api/quotes?limit=1')).items as { id: string }[];
    const sent = await page.request.post(`${server.url}/api/quotes/${quotes[0]!.id}/send`, {
      headers,
      data: { channel: 'link' },
    });
    await page.goto((await sent.json()).url);
    findings.push(...(await audit(page, 'quote page')));

    // The website chat on somebody's site, opened, with its pre-chat form.
    const inboxes = (await read('/api/inboxes')) as { channel: string; websiteToken: string }[];
    const token = inboxes.find((i) => i.channel === 'webchat')!.websiteToken;
    const website = await startWebsite(
      `<script src="${server.url}/widget.js" data-website-token="${token}" async></script>`,
    );
    try {
      await page.goto(website.url);
      await page.getByRole('button', { name: 'Chatea con nosotros' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'Iniciar chat' }).isVisible()).toBe(true);
      // Only the widget: the rest of the page is the site owner's.
      findings.push(...(await audit(page, 'website chat', '#atiende-widget')));
    } finally {
      await website.close();
    }
    expect(findings).toEqual([]);
    await context.close();
  });
});

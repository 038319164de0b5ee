// Lead capture from the company's website: a form (a light page to link or embed in an iframe, or a JSON endpoint for
// the site's own form) whose every submission finds or creates the contact, records their consent to the privacy
// notice's primary purposes, and opens a deal on the form's pipeline with the form as the lead source.
import type { LeadForm, LeadSubmission } from '@atiende/contract';
import { fieldMessages, leadFormMessages } from '@atiende/contract/i18n';
import { assertReferences } from '../../db/references.js';
import { type Tenant, tenant } from '../../db/tenant.js';
import { type Actor, audit } from '../../platform/audit.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { escapeHtml as e } from '../../platform/html.js';
import { newId, randomToken } from '../../platform/ids.js';
import { iso } from '../../platform/time.js';
import { loadWorkspaceSettings } from '../../platform/workspaces/service.js';
import { contactForTypedEmail } from '../contacts/index.js';
import { currentNotice, writeConsent } from '../consent/index.js';
import { shell } from '../../platform/public-page.js';
import { createDeal } from './service.js';

type Lang = 'es' | 'en';
type Row = {
  id: string;
  name: string;
  public_token: string;
  pipeline_id: string;
  enabled: number;
  submissions: number;
  created_at: number;
};

const toForm = (ctx: AppContext, r: Row): LeadForm => {
  const url = `${ctx.config.publicUrl}/f/${r.public_token}`;
  return {
    id: r.id,
    name: r.name,
    pipelineId: r.pipeline_id,
    enabled: r.enabled === 1,
    submissions: r.submissions,
    url,
    embed: `<iframe src="${url}" title="${e(r.name)}" style="width:100%;max-width:640px;height:720px;border:0"></iframe>`,
    createdAt: iso(r.created_at),
  };
};

const checkPipeline = (t: Tenant, pipelineId: string | undefined) =>
  assertReferences(t, [{ table: 'pipelines', id: pipelineId, path: 'pipelineId', message: 'field.noSuchPipeline' }]);

export async function listLeadForms(ctx: AppContext, workspaceId: string): Promise<LeadForm[]> {
  const rows = await tenant(ctx.db, workspaceId).selectFrom('lead_forms').selectAll().orderBy('created_at').execute();
  return rows.map((r) => toForm(ctx, r));
}

async function loadForm(ctx: AppContext, t: Tenant, id: string): Promise<LeadForm> {
  const row = await t.selectFrom('lead_forms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return toForm(ctx, row);
}

export async function createLeadForm(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  input: { name: string; pipelineId: string; enabled?: boolean },
): Promise<LeadForm> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await checkPipeline(t, input.pipelineId);
    const id = newId();
    await t
      .insertInto('lead_forms', {
        id,
        name: input.name,
        public_token: randomToken('lf_'),
        pipeline_id: input.pipelineId,
        enabled: input.enabled === false ? 0 : 1,
        created_at: Date.now(),
      })
      .execute();
    await audit(t, actor, 'lead_form.created', { type: 'lead_form', id });
    return loadForm(ctx, t, id);
  });
}

export async function updateLeadForm(
  ctx: AppContext,
  workspaceId: string,
  actor: Actor,
  id: string,
  input: { name?: string; pipelineId?: string; enabled?: boolean },
): Promise<LeadForm> {
  return tenant(ctx.db, workspaceId).transaction(async (t) => {
    await checkPipeline(t, input.pipelineId);
    const set = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.pipelineId !== undefined && { pipeline_id: input.pipelineId }),
      ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
    };
    // An empty change changes nothing, but the form must still be there.
    const found = Object.keys(set).length
      ? Number((await t.updateTable('lead_forms').set(set).where('id', '=', id).executeTakeFirst()).numUpdatedRows)
      : (await t.selectFrom('lead_forms').select('id').where('id', '=', id).executeTakeFirst())
        ? 1
        : 0;
    if (!found) throw new AppError('not_found');
    await audit(t, actor, 'lead_form.updated', { type: 'lead_form', id });
    return loadForm(ctx, t, id);
  });
}

export async function deleteLeadForm(ctx: AppContext, workspaceId: string, actor: Actor, id: string): Promise<void> {
  await tenant(ctx.db, workspaceId).transaction(async (t) => {
    const gone = await t.deleteFrom('lead_forms').where('id', '=', id).executeTakeFirst();
    if (!Number(gone.numDeletedRows)) throw new AppError('not_found');
    await audit(t, actor, 'lead_form.deleted', { type: 'lead_form', id });
  });
}

/** The form behind a public address, if it takes submissions. */
export async function publicForm(ctx: AppContext, token: string) {
  const row = await ctx.db
    .selectFrom('lead_forms')
    .innerJoin('workspaces', 'workspaces.id', 'lead_forms.workspace_id')
    .select([
      'lead_forms.id',
      'lead_forms.workspace_id',
      'lead_forms.name',
      'lead_forms.pipeline_id',
      'lead_forms.enabled',
    ])
    .where('lead_forms.public_token', '=', token)
    .executeTakeFirst();
  if (!row || row.enabled !== 1) throw new AppError('not_found');
  const settings = await loadWorkspaceSettings(ctx, row.workspace_id);
  const notice = await currentNotice(ctx, row.workspace_id);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    pipelineId: row.pipeline_id,
    company: settings.name,
    language: settings.language,
    hasNotice: Boolean(notice),
    websites: settings.websites,
  };
}
type PublicForm = Awaited<ReturnType<typeof publicForm>>;

/** A submission: the contact (found by email or created), their consent, the deal; all or nothing. */
export async function submitLead(
  ctx: AppContext,
  form: PublicForm,
  input: LeadSubmission,
  pageUrl?: string,
): Promise<{ dealId: string; contactId: string }> {
  const notice = await currentNotice(ctx, form.workspaceId);
  const words = leadFormMessages[input.language ?? form.language];
  return tenant(ctx.db, form.workspaceId).transaction(async (t) => {
    // A form proves nothing: an email that is already a customer's files the lead under a contact of its own.
    const contact = await contactForTypedEmail(t, {
      name: input.name,
      email: input.email,
      source: 'web_form',
      verified: false,
    });
    const now = Date.now();
    for (const purpose of notice?.purposes.filter((p) => p.kind === 'primary') ?? []) {
      await writeConsent(
        t,
        { type: 'visitor', id: null },
        contact.id,
        {
          purpose: purpose.key,
          decision: 'granted',
          channel: 'web_form',
          noticeVersion: notice!.version,
          evidence: `Lead form "${form.name}"${pageUrl ? `: ${pageUrl.slice(0, 500)}` : ''}`,
        },
        now,
      );
    }
    const notes = [
      input.message,
      input.phone ? `${words.phone.replace(/ \(.*\)$/, '')}: ${input.phone}` : null,
      input.company ? `${words.company.replace(/ \(.*\)$/, '')}: ${input.company}` : null,
    ]
      .filter(Boolean)
      .join('\n\n');
    const deal = await createDeal(
      ctx,
      form.workspaceId,
      { type: 'system', id: null },
      {
        title: words.dealTitle(input.company || input.name, form.name),
        pipelineId: form.pipelineId,
        value: 0,
        currency: 'MXN',
        taxRate: 16,
        contactId: contact.id,
        ownerId: null,
        source: 'web_form',
        sourceDetail: form.name,
        notes,
      },
      t,
    );
    await t
      .updateTable('lead_forms')
      .set((eb) => ({ submissions: eb('submissions', '+', 1) }))
      .where('id', '=', form.id)
      .execute();
    return { dealId: deal.id, contactId: contact.id };
  });
}

// ── The page ─────────────────────────────────────────────────────────────────

export function leadFormPage(
  form: PublicForm,
  language: Lang,
  action: string,
  values: Partial<Record<string, string>> = {},
  errors: Record<string, string> = {},
): string {
  const w = leadFormMessages[language];
  const field = (name: 'name' | 'email' | 'phone' | 'company', extra = '') =>
    `<fieldset${errors[name] ? ' class="bad"' : ''}><legend><label for="${name}">${e(w[name])}</label></legend><input type="text" id="${name}" name="${name}" value="${e(values[name] ?? '')}"${extra}>${errors[name] ? `<p class="error">${e(errors[name])}</p>` : ''}</fieldset>`;
  const body = `<h1>${e(form.name || w.title)}</h1><p class="intro">${e(w.intro(form.company))}</p>${Object.keys(errors).length ? `<p class="alert">${e(w.fix)}</p>` : ''}<form method="post" action="${e(action)}"><input type="hidden" name="language" value="${language}">${field('name', ' required autocomplete="name"')}${field('email', ' required inputmode="email" autocomplete="email"')}${field('phone', ' inputmode="tel" autocomplete="tel"')}${field('company', ' autocomplete="organization"')}<fieldset><legend><label for="message">${e(w.message)}</label></legend><textarea id="message" name="message">${e(values.message ?? '')}</textarea></fieldset>${form.hasNotice ? `<p class="help">${e(w.privacy)}</p>` : ''}<button type="submit">${e(w.send)}</button></form>`;
  return shell(language, form.name || w.title, form.company, `${action}?lang=${language === 'es' ? 'en' : 'es'}`, body);
}

export function leadMessagePage(language: Lang, company: string, kind: 'thanks' | 'missing' | 'limited'): string {
  const w = leadFormMessages[language];
  return shell(
    language,
    w[`${kind}Title`],
    company,
    null,
    `<h1>${e(w[`${kind}Title`])}</h1><p>${e(w[`${kind}Body`])}</p>`,
  );
}

/** Field problems in the reader's language (the schema's codes, as the survey pages do). */
export const fieldText = (language: Lang, code: string) => fieldMessages[language][code] ?? code;

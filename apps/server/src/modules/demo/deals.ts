// The demo's sales pipeline: subscriptions of the e-invoicing firm at every stage (leads met at fairs and on the
// website, proposals, negotiations), some won and some lost with their reasons, owned by the sales people. Made
// through the deals service, so the board, the list and the versions are what a real workspace would have.
import type { AppContext } from '../../platform/context.js';
import { tenant } from '../../db/tenant.js';
import { createDeal, listPipelines, moveDeal } from '../deals/index.js';

const actor = { type: 'system' as const, id: null };
const products = [
  ['Plan Pyme anual (500 timbres)', 4_800],
  ['Plan Empresarial anual (3,000 timbres)', 18_500],
  ['Nómina electrónica, 40 empleados', 9_600],
  ['Portal de autofacturación para tienda', 12_000],
  ['Paquete de 1,000 timbres adicionales', 2_900],
  ['Implementación y capacitación en sitio', 7_500],
] as const;
const sources = [
  ['event', 'Expo Pyme Monterrey 2026'],
  ['web_form', null],
  ['conversation', null],
  ['referral', 'Recomendación de un cliente'],
  ['manual', null],
] as const;
const lostReasons = ['Precio', 'Eligió a otro proveedor', 'Sin presupuesto este año', 'No respondió'];

export async function seedDeals(
  ctx: AppContext,
  workspaceId: string,
  agentIds: string[],
  rand: () => number,
): Promise<void> {
  const t = tenant(ctx.db, workspaceId);
  const [pipeline] = await listPipelines(ctx, workspaceId);
  if (!pipeline) return;
  const contacts = await t.selectFrom('contacts').select(['id', 'status']).orderBy('created_at').limit(60).execute();
  const links = await t.selectFrom('contact_companies').select(['contact_id', 'company_id']).execute();
  const companyOf = new Map(links.map((l) => [l.contact_id, l.company_id]));
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const today = new Date();
  // Stage by index: most open deals early in the pipeline, a third closed.
  const plan = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 5, 0, 1, 2, 4, 5];
  for (const [i, stageIndex] of plan.entries()) {
    const contact = contacts[i % contacts.length];
    const [title, value] = pick(products);
    const [source, sourceDetail] = pick(sources);
    const close = new Date(today.getTime() + Math.floor(rand() * 60 - 15) * 86_400_000).toISOString().slice(0, 10);
    const deal = await createDeal(ctx, workspaceId, actor, {
      title,
      pipelineId: pipeline.id,
      value,
      currency: 'MXN',
      taxRate: 16,
      contactId: contact?.id ?? null,
      companyId: contact ? (companyOf.get(contact.id) ?? null) : null,
      ownerId: agentIds.length ? agentIds[i % agentIds.length]! : null,
      expectedCloseDate: close,
      source,
      sourceDetail,
    });
    const stage = pipeline.stages[stageIndex]!;
    if (stageIndex > 0)
      await moveDeal(ctx, workspaceId, actor, deal.id, {
        version: deal.version,
        stageId: stage.id,
        ...(stage.kind === 'lost' ? { lostReason: pick(lostReasons) } : {}),
      });
  }
}

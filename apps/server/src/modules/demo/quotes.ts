// The demo's catalogue and quotes: the e-invoicing firm's plans and services, a quote waiting for the customer's
// answer and one accepted (made through the quotes service, so totals and links are what a real workspace has).
import type { AppContext } from '../../platform/context.js';
import { tenant } from '../../db/tenant.js';
import { answerQuote, createProduct, createQuote, sendQuote } from '../quotes/index.js';

const system = { type: 'system' as const, id: null };
const catalogue = [
  ['PYME-500', 'Plan Pyme anual (500 timbres)', 'año', 4_800, 'service'],
  ['EMP-3000', 'Plan Empresarial anual (3,000 timbres)', 'año', 18_500, 'service'],
  ['NOM-40', 'Nómina electrónica, hasta 40 empleados', 'año', 9_600, 'service'],
  ['TIMB-1000', 'Paquete de 1,000 timbres adicionales', 'paquete', 2_900, 'product'],
  ['CAP-H', 'Capacitación en sitio', 'hora', 950, 'service'],
  ['IMP', 'Implementación y migración de catálogos', 'servicio', 7_500, 'service'],
] as const;

export async function seedQuotes(ctx: AppContext, workspaceId: string): Promise<void> {
  const products = [];
  for (const [sku, name, unit, price, kind] of catalogue)
    products.push(
      await createProduct(ctx, workspaceId, system, {
        sku,
        name,
        unit,
        price,
        kind,
        currency: 'MXN',
        taxRate: 16,
        active: true,
      }),
    );
  const open = await tenant(ctx.db, workspaceId)
    .selectFrom('deals')
    .select('id')
    .where('status', '=', 'open')
    .orderBy('created_at')
    .limit(2)
    .execute();
  const terms = 'Precios en MXN más IVA. Pago a 15 días de la factura. Vigencia de 30 días.';
  for (const [i, deal] of open.entries()) {
    const quote = await createQuote(ctx, workspaceId, system, {
      dealId: deal.id,
      currency: 'MXN',
      terms,
      lines: [
        { productId: products[1]!.id, quantity: 1, discountPercent: 10 },
        { productId: products[4]!.id, quantity: 4, discountPercent: 0 },
        { productId: products[5]!.id, quantity: 1, discountPercent: 0 },
      ],
    });
    const { url } = await sendQuote(ctx, workspaceId, system, quote.id, 'link');
    // The first customer already said yes (and so won the deal); the other has not answered.
    if (i === 0) await answerQuote(ctx, url.split('/q/')[1]!, { accept: true, name: 'Compras' });
  }
}

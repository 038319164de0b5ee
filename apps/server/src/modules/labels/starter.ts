// The labels a WhatsApp Business user already knows, for a workspace that starts with examples; removable like any.
import type { Tenant } from '../../db/tenant.js';
import { newId } from '../../platform/ids.js';

const STARTER: Record<'es' | 'en', [string, string][]> = {
  es: [
    ['Nuevo cliente', 'blue'],
    ['Nuevo pedido', 'teal'],
    ['Pendiente de pago', 'orange'],
    ['Pagado', 'green'],
    ['Pedido completado', 'gray'],
  ],
  en: [
    ['New customer', 'blue'],
    ['New order', 'teal'],
    ['Pending payment', 'orange'],
    ['Paid', 'green'],
    ['Order complete', 'gray'],
  ],
};

export async function starterLabels(t: Tenant, language: 'es' | 'en'): Promise<void> {
  const taken = new Set((await t.selectFrom('labels').select('name').execute()).map((l) => l.name));
  const now = Date.now();
  const missing = STARTER[language].filter(([name]) => !taken.has(name));
  if (missing.length)
    await t
      .insertInto(
        'labels',
        missing.map(([name, color]) => ({ id: newId(), name, color, created_at: now })),
      )
      .execute();
}

// Contacts in the one search (Ctrl/Cmd+K): by name, email, phone in any format, company or notes.
import type { Searcher } from '../../platform/modules.js';
import { listContacts } from './service.js';

export const contactSearch: Searcher = {
  kind: 'contact',
  find: async (ctx, auth, q, limit) =>
    (await listContacts(ctx, auth.workspaceId, { q, limit })).items.map((c) => ({
      kind: 'contact',
      id: c.id,
      title: c.name || c.email || c.phone || '',
      detail: [c.email, c.phone, ...c.companies].filter(Boolean).join(' · '),
      path: `/contacts/${c.id}`,
    })),
};

// Conversations in the one search (Ctrl/Cmd+K), found by what was written in them, each once, as the asker may see.
import type { SearchHit } from '@atiende/contract';
import type { Searcher } from '../../platform/modules.js';
import { searchMessages } from './service.js';

export const conversationSearch: Searcher = {
  kind: 'conversation',
  find: async (ctx, auth, q, limit) => {
    const hits = new Map<string, SearchHit>();
    for (const { message, conversation } of await searchMessages(ctx, auth, q, Math.min(50, limit * 4))) {
      if (hits.has(conversation.id)) continue;
      hits.set(conversation.id, {
        kind: 'conversation',
        id: conversation.id,
        title: conversation.contact.name || conversation.contact.email || conversation.contact.phone || '',
        detail: message.body.replace(/\s+/g, ' ').slice(0, 160),
        path: `/inbox/${conversation.id}`,
      });
      if (hits.size === limit) break;
    }
    return [...hits.values()];
  },
};

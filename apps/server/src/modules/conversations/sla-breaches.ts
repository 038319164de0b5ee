// The periodic breach check: missed targets are recorded, the conversation updates live, and the assignee and the
// team lead get a notice.
import { tenant } from '../../db/tenant.js';
import type { AppContext } from '../../platform/context.js';
import { notify } from '../../platform/notifications.js';
import { loadConversation, stripVisitor } from './service.js';
import { findBreaches } from '../sla/index.js';

export async function checkBreaches(ctx: AppContext, now = Date.now()): Promise<number> {
  const notices = await findBreaches(ctx, now);
  for (const n of notices) {
    const loaded = await loadConversation(tenant(ctx.db, n.workspaceId), n.conversationId).catch(() => null);
    // Hidden meanwhile (a privacy block): nobody is told about it.
    if (!loaded) continue;
    const conversation = stripVisitor(loaded);
    ctx.events.publish({ type: 'conversation.updated', workspaceId: n.workspaceId, conversation });
    await notify(ctx, n.workspaceId, n.notify, {
      kind: 'sla_breached',
      conversationId: n.conversationId,
      contactName: conversation.contact.name,
      by: null,
      excerpt: n.target,
    });
  }
  return notices.length;
}

// A project's timeline: what happened to it (status, tasks done, files, time, comments by either side) and every
// message of the conversations linked to it, newest first. The customer's view keeps the public events only.
import type { ProjectTimelineItem } from '@atiende/contract';
import type { Tenant } from '../../db/tenant.js';
import type { ConversationScope } from '../../platform/auth/context.js';
import { iso } from '../../platform/time.js';
import { visibleWhere } from '../conversations/index.js';

export async function projectTimeline(
  t: Tenant,
  projectId: string,
  options: { publicOnly: boolean; before?: number; limit?: number; scope?: ConversationScope | undefined },
): Promise<ProjectTimelineItem[]> {
  const limit = options.limit ?? 100;
  let events = t
    .selectFrom('project_events')
    .leftJoin('users', 'users.id', 'project_events.user_id')
    .leftJoin('contacts', 'contacts.id', 'project_events.contact_id')
    .select([
      'project_events.id',
      'project_events.at',
      'project_events.kind',
      'project_events.body',
      'project_events.data',
      'project_events.public',
      'project_events.contact_id',
      'users.name as userName',
      'contacts.name as contactName',
    ])
    .where('project_events.project_id', '=', projectId);
  if (options.publicOnly) events = events.where('project_events.public', '=', 1);
  if (options.before) events = events.where('project_events.at', '<', options.before);
  const eventRows = await events.orderBy('project_events.at', 'desc').limit(limit).execute();
  const items: ProjectTimelineItem[] = eventRows.map((r) => ({
    id: r.id,
    at: iso(r.at),
    kind: r.kind as ProjectTimelineItem['kind'],
    by: r.contact_id ? (r.contactName ?? '') : (r.userName ?? null),
    byCustomer: Boolean(r.contact_id),
    body: r.body,
    data: JSON.parse(r.data) as Record<string, unknown>,
    public: r.public === 1,
  }));
  if (!options.publicOnly) {
    let messages = t
      .selectFrom('project_conversations')
      .innerJoin('messages', (j) =>
        j
          .onRef('messages.conversation_id', '=', 'project_conversations.conversation_id')
          .on('messages.workspace_id', '=', t.workspaceId),
      )
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.id',
        'messages.created_at',
        'messages.body',
        'messages.direction',
        'messages.sender_name',
        'messages.is_private',
        'messages.kind',
        'conversations.channel',
        'conversations.id as conversationId',
      ])
      .where('project_conversations.project_id', '=', projectId);
    // A member limited to their teams reads only the linked conversations they may see.
    const scope = options.scope;
    if (scope) messages = messages.where((eb) => visibleWhere(t.workspaceId, scope)(eb as never));
    if (options.before) messages = messages.where('messages.created_at', '<', options.before);
    const rows = await messages.orderBy('messages.created_at', 'desc').limit(limit).execute();
    for (const m of rows)
      items.push({
        id: m.id,
        at: iso(m.created_at),
        kind: 'message',
        by: m.sender_name,
        byCustomer: m.direction === 'incoming',
        body: m.body,
        data: {
          conversationId: m.conversationId,
          channel: m.channel,
          direction: m.direction,
          private: m.is_private === 1,
          messageKind: m.kind,
        },
        public: false,
      });
  }
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
}

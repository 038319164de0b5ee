// Conversations, their messages and activities, and what is suggested while answering. The console's requests of this feature, in one place.
import type {
  ArticleSuggestion,
  Contact,
  ContactPrivacy,
  CustomerHealth,
  DealPage,
  IncidentPage,
  QuotePage,
  TimelinePage,
  Conversation,
  ConversationPage,
  Message,
  MessageSearchResult,
  RenderedQuickReply,
  WaitingCounts,
} from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** What the customer panel beside the thread reads and changes, each a request of its own (cached apart). */
export const customerPanelApi = {
  contact: (id: string) => api<Contact>('GET', `/api/contacts/${id}`),
  health: (id: string) => api<CustomerHealth | null>('GET', `/api/contacts/${id}/health`),
  openDeals: (id: string) => api<DealPage>('GET', `/api/deals?contactId=${id}&status=open&limit=5`),
  quotes: (id: string) => api<QuotePage>('GET', `/api/quotes?contactId=${id}&limit=5`),
  openIncidents: (id: string) => api<IncidentPage>('GET', `/api/incidents?contactId=${id}&status=open&limit=5`),
  timeline: (id: string, kind: 'survey' | 'conversation', limit: number) =>
    api<TimelinePage>('GET', `/api/contacts/${id}/timeline?kinds=${kind}&limit=${limit}`),
  privacy: (id: string) => api<ContactPrivacy>('GET', `/api/contacts/${id}/privacy`),
  update: (id: string, patch: unknown) => api<Contact>('PATCH', `/api/contacts/${id}`, patch),
};

/** What waits for me (beside the inbox, on the home page); refreshed by every live conversation change. */
export function useWaitingCounts() {
  return useQuery({
    queryKey: ['waiting'],
    queryFn: () => api<WaitingCounts>('GET', '/api/conversations/waiting'),
  });
}

/** Every request of this feature, named: components call these, never a URL. */
export const conversationsApi = {
  logActivity: (body: unknown) => api<Message>('POST', '/api/activities', body),
  sendAttachment: (
    conversationId: string,
    isPrivate: string | number | boolean,
    caption: string,
    body: unknown,
    raw: Parameters<typeof api>[3],
  ) =>
    api<Message>(
      'POST',
      `/api/conversations/${conversationId}/attachments?private=${isPrivate}&caption=${encodeURIComponent(caption)}`,
      body,
      raw,
    ),
  startEmailConversation: (body: unknown) => api<Message>('POST', '/api/conversations/email', body),
  /** One emoji on a WhatsApp message; empty takes it back. */
  reactToMessage: (conversationId: string, messageId: string, emoji: string) =>
    api<Message>('PUT', `/api/conversations/${conversationId}/messages/${messageId}/reaction`, { emoji }),
  sendMessage: (conversationId: string, body: unknown) =>
    api<Message>('POST', `/api/conversations/${conversationId}/messages`, body),
  getConversation: (conversationId: string) => api<Conversation>('GET', `/api/conversations/${conversationId}`),
  listRelatedConversations: (conversationId: string) =>
    api<Conversation[]>('GET', `/api/conversations/${conversationId}/related`),
  searchMessages: (q: string) => api<MessageSearchResult[]>('GET', `/api/messages/search?q=${encodeURIComponent(q)}`),
  listArticleSuggestions: (conversationId: string, text: string) =>
    api<ArticleSuggestion[]>(
      'GET',
      `/api/conversations/${conversationId}/article-suggestions?text=${encodeURIComponent(text)}`,
    ),
  listConversationMessages: (conversationId: string) =>
    api<Message[]>('GET', `/api/conversations/${conversationId}/messages`),
  renderQuickReplies: (conversationId: string, q: string) =>
    api<RenderedQuickReply[]>('GET', `/api/conversations/${conversationId}/quick-replies?q=${encodeURIComponent(q)}`),
  listConversations: (query: string) => api<ConversationPage>('GET', `/api/conversations?${query}`),
  mergeConversation: (conversationId: string, body: unknown) =>
    api<Conversation>('POST', `/api/conversations/${conversationId}/merge`, body),
  sendTemplate: (conversationId: string, body: unknown) =>
    api<Message>('POST', `/api/conversations/${conversationId}/template`, body),
  updateConversation: (conversationId: string, body: unknown) =>
    api<Conversation>('PATCH', `/api/conversations/${conversationId}`, body),
};

/** Files the browser downloads itself (links, not requests). */
export const conversationsFiles = {
  /** A stored file of a message: an attachment, or the original of an email. */
  file: (fileId: string) => `/api/files/${fileId}`,
};

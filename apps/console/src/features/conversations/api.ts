// Conversations, their messages and activities, and what is suggested while answering. The console's requests of this feature, in one place.
import type {
  ArticleSuggestion,
  Conversation,
  ConversationPage,
  Message,
  MessageSearchResult,
  RenderedQuickReply,
} from '@atiende/contract';
import { api } from '../../api';

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

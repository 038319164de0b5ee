// The privacy notice, consents, ARCO requests, blocking and erasure. The console's requests of this feature, in one place.
import type { PrivacyNotice, PrivacyNoticeVersion, PrivacyRequest } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const privacyApi = {
  blockContact: (contactId: string, body: unknown) => api('POST', `/api/contacts/${contactId}/privacy/block`, body),
  recordConsent: <T>(contactId: string, body: unknown) => api<T>('POST', `/api/contacts/${contactId}/consents`, body),
  publishNotice: (body: unknown) => api<PrivacyNotice>('POST', '/api/privacy/notice', body),
  createRequest: (body: unknown) => api<PrivacyRequest>('POST', '/api/privacy/requests', body),
  eraseContact: (contactId: string, body: unknown) => api('POST', `/api/contacts/${contactId}/privacy/erase`, body),
  getContactPrivacy: <T>(contactId: string) => api<T>('GET', `/api/contacts/${contactId}/privacy`),
  getNotice: () => api<PrivacyNotice | null>('GET', '/api/privacy/notice'),
  listNoticeVersions: () => api<PrivacyNoticeVersion[]>('GET', '/api/privacy/notice/versions'),
  listRequests: (status: string | number | boolean) =>
    api<PrivacyRequest[]>('GET', `/api/privacy/requests?status=${status}`),
  unblockContact: (contactId: string) => api('POST', `/api/contacts/${contactId}/privacy/unblock`),
  updateRequest: (requestId: string, body: unknown) =>
    api<PrivacyRequest>('PATCH', `/api/privacy/requests/${requestId}`, body),
};

/** Files the browser downloads itself (links, not requests). */
export const privacyFiles = {
  contactExport: (contactId: string) => `/api/contacts/${contactId}/privacy/export.zip`,
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const privacyKeys = {
  privacyNotice: ['privacy-notice'] as const,
  privacyNoticeVersions: ['privacy-notice-versions'] as const,
};

export function usePrivacyNotice() {
  return useQuery({ queryKey: privacyKeys.privacyNotice, queryFn: () => privacyApi.getNotice() });
}

export function usePrivacyNoticeVersions() {
  return useQuery({ queryKey: privacyKeys.privacyNoticeVersions, queryFn: () => privacyApi.listNoticeVersions() });
}

// Contacts and companies: records, timelines, duplicates and imports. The console's requests of this feature, in one place.
import type {
  Company,
  CompanyPage,
  Contact,
  ContactPage,
  DuplicateGroup,
  ImportPreview,
  ImportStatus,
  ImportUpload,
  Note,
  TimelinePage,
} from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** A contact or a company: the two kinds of customer record, which share lists, notes and timelines. */
export type RecordKind = 'contacts' | 'companies';
export interface RecordRef {
  kind: RecordKind;
  id: string;
}

/** Query keys of a record's notes and timeline (the timeline's key also names the kinds shown). */
export const recordKeys = {
  notes: (r: RecordRef) => ['notes', r.kind, r.id] as const,
  timeline: (r: RecordRef) => ['timeline', r.kind, r.id] as const,
};

/** Every request of this feature, named: components call these, never a URL. */
export const customersApi = {
  createImport: (body: unknown, raw: Parameters<typeof api>[3]) => api<ImportUpload>('POST', '/api/imports', body, raw),
  getCompany: (companyId: string) => api<Company>('GET', `/api/companies/${companyId}`),
  getContact: (contactId: string) => api<Contact>('GET', `/api/contacts/${contactId}`),
  listContactConversations: (contactId: string) =>
    api<TimelinePage>('GET', `/api/contacts/${contactId}/timeline?kinds=conversation&limit=30`),
  getImport: (importId: string) => api<ImportStatus>('GET', `/api/imports/${importId}`),
  listCompanies: () => api<CompanyPage>('GET', '/api/companies?limit=200'),
  listContactDuplicates: () => api<DuplicateGroup[]>('GET', '/api/contacts/duplicates'),
  listBlockedContacts: () => api<ContactPage>('GET', '/api/contacts?blocked=true&limit=200'),
  mergeContacts: (body: unknown) => api<Contact>('POST', '/api/contacts/merge', body),
  previewImport: (importId: string, body: unknown) =>
    api<ImportPreview>('POST', `/api/imports/${importId}/preview`, body),
  startImport: (importId: string, body: unknown) => api<ImportStatus>('POST', `/api/imports/${importId}/start`, body),
  updateCompany: (companyId: string, body: unknown) => api<Company>('PATCH', `/api/companies/${companyId}`, body),
  updateContact: (contactId: string, body: unknown) => api<Contact>('PATCH', `/api/contacts/${contactId}`, body),
  /** The person asked to get automatic mail again after unsubscribing. */
  clearMailOptOut: (contactId: string) => api<Contact>('POST', `/api/contacts/${contactId}/mail-opt-out/clear`),
  /** The address that bounced works again: automatic mail may use it. */
  clearEmailBounce: (contactId: string, email: string) =>
    api<Contact>('POST', `/api/contacts/${contactId}/email-bounce/clear`, { email }),
  /** A page of contacts or companies (filters: q, status, segmentId…; cursor for the next page). */
  listRecords: <Row>(kind: RecordKind, query: Record<string, string>) =>
    api<{ items: Row[]; total: number; nextCursor: string | null }>(
      'GET',
      `/api/${kind}?${new URLSearchParams(query).toString()}`,
    ),
  /** The first ten records whose name matches, to pick one. */
  searchRecords: (kind: RecordKind, q: string) =>
    api<ContactPage | CompanyPage>('GET', `/api/${kind}?${new URLSearchParams({ limit: '10', ...(q ? { q } : {}) })}`),
  createRecord: <T>(kind: RecordKind, body: unknown) => api<T>('POST', `/api/${kind}`, body),
  listNotes: (r: RecordRef) => api<Note[]>('GET', `/api/${r.kind}/${r.id}/notes`),
  addNote: (r: RecordRef, body: string) => api<Note>('POST', `/api/${r.kind}/${r.id}/notes`, { body }),
  listTimeline: (r: RecordRef, kinds: string[], before: string) =>
    api<TimelinePage>(
      'GET',
      `/api/${r.kind}/${r.id}/timeline?${new URLSearchParams({ limit: '50', kinds: kinds.join(','), ...(before ? { before } : {}) })}`,
    ),
};

/** Files the browser downloads itself (links, not requests). */
export const customersFiles = {
  contactsCsv: (filters: Record<string, string>) => `/api/contacts/export.csv?${new URLSearchParams(filters)}`,
  rejectedRows: (importId: string) => `/api/imports/${importId}/rejected.csv`,
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const customersKeys = {
  duplicates: ['duplicates'] as const,
};

export function useDuplicates() {
  return useQuery({ queryKey: customersKeys.duplicates, queryFn: () => customersApi.listContactDuplicates() });
}

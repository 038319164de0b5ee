// Incidents, their categories, the problems that group them, and their analysis. The console's requests of this feature, in one place.
import type { Incident, Problem } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const incidentsApi = {
  createIncident: (body: unknown) => api<Incident>('POST', '/api/incidents', body),
  createIncidentCategory: (body: unknown) => api('POST', '/api/incident-categories', body),
  createIncidentStep: (incidentId: string, body: unknown) =>
    api<Incident>('POST', `/api/incidents/${incidentId}/steps`, body),
  createProblem: (body: unknown) => api('POST', '/api/problems', body),
  linkProblemIncidents: (problemId: string, body: unknown) => api('POST', `/api/problems/${problemId}/incidents`, body),
  deleteIncidentCategory: (incidentCategoryId: string) =>
    api('DELETE', `/api/incident-categories/${incidentCategoryId}`),
  getIncident: (incidentId: string) => api<Incident>('GET', `/api/incidents/${incidentId}`),
  listGroupingSuggestions: <T>() => api<T>('GET', '/api/incidents-grouping'),
  listIncidentCategories: <T>() => api<T>('GET', '/api/incident-categories'),
  getAnalysis: <T>(from: string, to: string) =>
    api<T>('GET', `/api/incidents-analysis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  listProblems: () => api<Problem[]>('GET', '/api/problems'),
  notifyProblem: (problemId: string, body: unknown) =>
    api<{ notified: number; skipped: { incidentNumber: number; reason: string }[] }>(
      'POST',
      `/api/problems/${problemId}/notify`,
      body,
    ),
  updateIncident: (incidentId: string, body: unknown) => api<Incident>('PATCH', `/api/incidents/${incidentId}`, body),
  updateIncidentCategory: (incidentCategoryId: string, body: unknown) =>
    api('PATCH', `/api/incident-categories/${incidentCategoryId}`, body),
  updateProblem: (problemId: string, body: unknown) => api('PATCH', `/api/problems/${problemId}`, body),
  deleteIncident: (incidentId: string) => api('DELETE', `/api/incidents/${incidentId}`),
  /** A page of incidents for the filters, from a cursor. */
  listIncidents: <T>(filters: URLSearchParams, cursor: string) =>
    api<T>('GET', `/api/incidents?${filters}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
};

/** Files the browser downloads itself (links, not requests). */
export const incidentsFiles = {
  escalationsCsv: '/api/problems/escalations.csv',
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const incidentsKeys = {
  problems: ['problems'] as const,
};

export function useProblems() {
  return useQuery({ queryKey: incidentsKeys.problems, queryFn: () => incidentsApi.listProblems() });
}

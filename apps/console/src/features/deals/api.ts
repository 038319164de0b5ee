// Pipelines, deals and the lead forms that bring them. The console's requests of this feature, in one place.
import type { Deal, DealPage, LeadForm, Pipeline, PipelineReport } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const dealsApi = {
  createDeal: (body: unknown) => api<Deal>('POST', '/api/deals', body),
  createLeadForm: (body: unknown) => api<LeadForm>('POST', '/api/lead-forms', body),
  createPipeline: (body: unknown) => api<Pipeline>('POST', '/api/pipelines', body),
  deleteDeal: (dealId: string) => api('DELETE', `/api/deals/${dealId}`),
  getDeal: (dealId: string) => api<Deal>('GET', `/api/deals/${dealId}`),
  getPipelineReport: (pipelineId: string) => api<PipelineReport>('GET', `/api/pipelines/${pipelineId}/report`),
  listFirstDeals: (query: string) => api<DealPage>('GET', `/api/deals?${query}&limit=100`),
  listDeals: (query: string) => api<DealPage>('GET', `/api/deals?${query}`),
  listLeadForms: () => api<LeadForm[]>('GET', '/api/lead-forms'),
  listPipelines: () => api<Pipeline[]>('GET', '/api/pipelines'),
  moveDeal: (dealId: string, body: unknown) => api<Deal>('POST', `/api/deals/${dealId}/move`, body),
  savePipeline: (pipelineId: string, body: unknown) => api<Pipeline>('PUT', `/api/pipelines/${pipelineId}`, body),
  updateDeal: (dealId: string, body: unknown) => api<Deal>('PATCH', `/api/deals/${dealId}`, body),
  updateLeadForm: (leadFormId: string, body: unknown) => api<LeadForm>('PATCH', `/api/lead-forms/${leadFormId}`, body),
  /** The pipeline's board: its stages with their deals, filtered (`search` is a query string, or empty). */
  getBoard: <T>(pipelineId: string, search: string) =>
    api<T>('GET', `/api/pipelines/${pipelineId}/board${search ? `?${search}` : ''}`),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const dealsKeys = {
  leadForms: ['lead-forms'] as const,
  pipelines: ['pipelines'] as const,
};

export function useLeadForms() {
  return useQuery({ queryKey: dealsKeys.leadForms, queryFn: () => dealsApi.listLeadForms() });
}

export function usePipelines() {
  return useQuery({ queryKey: dealsKeys.pipelines, queryFn: () => dealsApi.listPipelines() });
}

// Service standards: the dashboard, drill-down, targets and the weekly summary. The console's requests of this feature, in one place.
import type { Dashboard, ServiceTarget } from '@atiende/contract';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const standardsApi = {
  sendWeeklySummary: () => api<{ recipients: number }>('POST', '/api/analytics/summary'),
  getDashboard: (query: string) => api<Dashboard>('GET', `/api/analytics/dashboard?${query}`),
  getDrillDown: <T>(query: string, standard: string | number | boolean, outcome: string | number | boolean) =>
    api<T>('GET', `/api/analytics/drill-down?${query}&standard=${standard}&outcome=${outcome}`),
  getSettings: () => api<{ weeklySummary: boolean }>('GET', '/api/analytics/settings'),
  listTargets: () => api<ServiceTarget[]>('GET', '/api/analytics/targets'),
  saveSettings: (body: unknown) => api('PUT', '/api/analytics/settings', body),
  saveTargets: (body: unknown) => api<ServiceTarget[]>('PUT', '/api/analytics/targets', body),
};

/** Files the browser downloads itself (links, not requests). */
export const standardsFiles = {
  dashboardCsv: (query: string) => `/api/analytics/dashboard.csv?${query}`,
};

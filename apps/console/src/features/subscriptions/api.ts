// Subscriptions, renewals and retention. The console's requests of this feature, in one place.
import type { RetentionReport, Subscription } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const subscriptionsApi = {
  createSubscription: (body: unknown) => api<Subscription>('POST', '/api/subscriptions', body),
  deleteSubscription: (subscriptionId: string) => api('DELETE', `/api/subscriptions/${subscriptionId}`),
  endSubscription: (subscriptionId: string, body: unknown) =>
    api('POST', `/api/subscriptions/${subscriptionId}/end`, body),
  getSubscription: (subscriptionId: string) => api<Subscription>('GET', `/api/subscriptions/${subscriptionId}`),
  getRetentionReport: () => api<RetentionReport>('GET', '/api/subscriptions/report?months=12'),
  listSubscriptions: (query: string) => api<Subscription[]>('GET', `/api/subscriptions?${query}`),
  renewSubscription: (subscriptionId: string, body: unknown) =>
    api('POST', `/api/subscriptions/${subscriptionId}/renew`, body),
  updateSubscription: (subscriptionId: string, body: unknown) =>
    api<Subscription>('PATCH', `/api/subscriptions/${subscriptionId}`, body),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const subscriptionsKeys = {
  retention: ['retention'] as const,
};

export function useRetention() {
  return useQuery({ queryKey: subscriptionsKeys.retention, queryFn: () => subscriptionsApi.getRetentionReport() });
}

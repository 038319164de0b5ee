// Customer health and usage readings. The console's requests of this feature, in one place.
import type { CustomerHealth, HealthOverview } from '@atiende/contract';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const healthApi = {
  getContactHealth: (contactId: string) => api<CustomerHealth | null>('GET', `/api/contacts/${contactId}/health`),
  getContactUsage: (contactId: string) =>
    api<{ day: string; quantity: number }[]>('GET', `/api/contacts/${contactId}/usage`),
  getCustomerHealth: (query: string) => api<HealthOverview>('GET', `/api/customer-health?${query}`),
};

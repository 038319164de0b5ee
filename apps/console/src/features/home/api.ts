// Today's page and the getting-started checklist. The console's requests of this feature, in one place.
import type {
  Conversation,
  CustomerHealth,
  Dashboard,
  DealPage,
  GettingStarted,
  Subscription,
  Task,
} from '@atiende/contract';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const homeApi = {
  /** Conversations whose service level ends within 30 minutes, longest waiting first (mine, or everyone's). */
  slaAtRisk: (team: boolean) =>
    api<{ items: Conversation[] }>(
      'GET',
      `/api/conversations?sla=at_risk&sort=waiting&limit=5${team ? '' : '&view=mine'}`,
    ),
  openTasks: (team: boolean) => api<Task[]>('GET', `/api/tasks?status=open${team ? '' : '&assigneeId=me'}`),
  renewalsWithin: (days: number) =>
    api<Subscription[]>('GET', `/api/subscriptions?status=active&renewingWithinDays=${days}&limit=50`),
  dealsByClose: (team: boolean) =>
    api<DealPage>('GET', `/api/deals?status=open&sort=close&limit=20${team ? '' : '&ownerId=me'}`),
  atRisk: (team: boolean) =>
    api<{ customers: CustomerHealth[] }>('GET', `/api/customer-health?maxScore=39&limit=5${team ? '' : '&ownerId=me'}`),
  dashboardSince: (from: Date) =>
    api<Dashboard>('GET', `/api/analytics/dashboard?from=${encodeURIComponent(from.toISOString())}`),
  getGettingStarted: () => api<GettingStarted>('GET', '/api/getting-started'),
  hideGettingStarted: (dismissed: boolean) => api<GettingStarted>('PUT', '/api/getting-started', { dismissed }),
  addStarterContent: () => api<GettingStarted>('POST', '/api/getting-started/starter-content'),
};

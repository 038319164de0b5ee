// The first run: creating the first workspace or the demo. The console's requests of this feature, in one place.
import type { SessionInfo, SetupStatus } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const setupApi = {
  setUp: (body: unknown) => api<SessionInfo>('POST', '/api/setup', body),
  openDemo: () => api<SessionInfo>('POST', '/api/setup/demo'),
  getSetup: () => api<SetupStatus>('GET', '/api/setup'),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const setupKeys = {
  setup: ['setup'] as const,
};

export function useSetup() {
  return useQuery({ queryKey: setupKeys.setup, queryFn: () => setupApi.getSetup() });
}

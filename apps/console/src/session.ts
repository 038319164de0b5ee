// The signed-in session, kept in the query cache; a 401 means "signed out", not an error.
import type { SessionInfo } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from './api';
import { setLanguage } from './i18n';
import { authApi } from './features/auth/api';

export function adoptSession(session: SessionInfo | null): void {
  if (session) {
    setCsrfToken(session.csrfToken);
    setLanguage(session.user.language);
  } else setCsrfToken('');
}

async function fetchSession(): Promise<SessionInfo | null> {
  try {
    const session = await authApi.getSession();
    adoptSession(session);
    return session;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({ queryKey: ['session'], queryFn: fetchSession, staleTime: 60_000 });
}

/** After sign-in, setup or a profile change: the new session replaces the old in the cache. */
export function useSetSession() {
  const client = useQueryClient();
  return (session: SessionInfo | null) => {
    adoptSession(session);
    client.setQueryData(['session'], session);
  };
}

const rank = { viewer: 0, agent: 1, admin: 2, owner: 3 } as const;
export function can(session: SessionInfo | null | undefined, role: keyof typeof rank): boolean {
  return Boolean(session && rank[session.workspace.role] >= rank[role]);
}

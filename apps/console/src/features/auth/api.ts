// Signing in and out, the session, and passwords. The console's requests of this feature, in one place.
import type { SessionInfo } from '@atiende/contract';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const authApi = {
  changePassword: (body: unknown) => api<SessionInfo>('POST', '/api/auth/password', body),
  confirmPasswordReset: (body: unknown) => api('POST', '/api/auth/password-reset/confirm', body),
  requestPasswordReset: (body: unknown) => api('POST', '/api/auth/password-reset/request', body),
  createWorkspace: (body: unknown) => api<SessionInfo>('POST', '/api/auth/workspace', body),
  getSession: () => api<SessionInfo>('GET', '/api/auth/session'),
  signIn: (body: unknown) => api<SessionInfo>('POST', '/api/auth/login', body),
  signOut: () => api('POST', '/api/auth/logout'),
};

// Buyer personas and how contacts fit them. The console's requests of this feature, in one place.
import type { Persona, PersonaFit, PersonaReport } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const personasApi = {
  deletePersona: (personaId: string) => api('DELETE', `/api/personas/${personaId}`),
  getPersonaReport: () => api<PersonaReport>('GET', '/api/personas/report'),
  listContactFits: (contactId: string) => api<PersonaFit[]>('GET', `/api/contacts/${contactId}/personas`),
  listPersonas: () => api<Persona[]>('GET', '/api/personas'),
  /** Creates a persona, or changes the one named. */
  savePersona: (personaId: string | null, body: unknown) =>
    personaId ? api<Persona>('PATCH', `/api/personas/${personaId}`, body) : api<Persona>('POST', '/api/personas', body),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const personasKeys = {
  personas: ['personas'] as const,
};

export function usePersonas() {
  return useQuery({ queryKey: personasKeys.personas, queryFn: () => personasApi.listPersonas() });
}

// Surveys, their templates, sending and invitations. The console's requests of this feature, in one place.
import type { Survey } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const surveysApi = {
  createSurvey: (body: unknown) => api<Survey>('POST', '/api/surveys', body),
  createSurveyFromTemplate: (body: unknown) => api<Survey>('POST', '/api/surveys/from-template', body),
  getSurvey: (surveyId: string) => api<Survey>('GET', `/api/surveys/${surveyId}`),
  listSurveyInvitations: <T>(surveyId: string) => api<T>('GET', `/api/surveys/${surveyId}/invitations`),
  listSurveyTemplates: () => api<{ key: string; name: string; questions: number }[]>('GET', '/api/survey-templates'),
  listSurveys: () => api<Survey[]>('GET', '/api/surveys'),
  sendSurvey: (surveyId: string, body: unknown) =>
    api<{ queued: number; skipped: { name: string; reason: string }[] }>('POST', `/api/surveys/${surveyId}/send`, body),
  updateSurvey: (surveyId: string, body: unknown) => api<Survey>('PATCH', `/api/surveys/${surveyId}`, body),
  deleteSurvey: (surveyId: string) => api('DELETE', `/api/surveys/${surveyId}`),
  /** Results over a range (`from=…&to=…`), grouped by a dimension or not. */
  getResults: <T>(surveyId: string, range: string, by: string) =>
    api<T>('GET', `/api/surveys/${surveyId}/results?${range}${by === 'none' ? '' : `&by=${encodeURIComponent(by)}`}`),
};

/** Files the browser downloads itself (links, not requests). */
export const surveysFiles = {
  responsesCsv: (surveyId: string, range: string) => `/api/surveys/${surveyId}/responses.csv?${range}`,
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const surveysKeys = {
  surveyTemplates: ['survey-templates'] as const,
  surveys: ['surveys'] as const,
};

export function useSurveyTemplates() {
  return useQuery({ queryKey: surveysKeys.surveyTemplates, queryFn: () => surveysApi.listSurveyTemplates() });
}

export function useSurveys() {
  return useQuery({ queryKey: surveysKeys.surveys, queryFn: () => surveysApi.listSurveys() });
}

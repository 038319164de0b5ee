// Projects, their tasks, time and files, the follow-up sequences, and the customer portal. The console's requests of this feature, in one place.
import type {
  Enrollment,
  EstimateReport,
  Project,
  ProjectPage,
  ProjectTimelineItem,
  Sequence,
  TimeEntry,
  Timer,
} from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const projectsApi = {
  invitePortal: (body: unknown) =>
    api<{ url: string; emailedTo: string | null; mailNotSetUp: boolean }>('POST', '/api/portal/invitations', body),
  createProject: (body: unknown) => api<Project>('POST', '/api/projects', body),
  createProjectComment: (projectId: string, body: unknown) => api('POST', `/api/projects/${projectId}/comments`, body),
  linkProjectConversation: (projectId: string, body: unknown) =>
    api<Project>('POST', `/api/projects/${projectId}/conversations`, body),
  addProjectParticipant: (projectId: string, body: unknown) =>
    api<Project>('POST', `/api/projects/${projectId}/participants`, body),
  createProjectTask: (projectId: string, body: unknown) =>
    api<Project>('POST', `/api/projects/${projectId}/tasks`, body),
  logProjectTime: (projectId: string, body: unknown) => api<TimeEntry>('POST', `/api/projects/${projectId}/time`, body),
  createSequence: (body: unknown) => api('POST', '/api/sequences', body),
  enrollInSequence: (sequenceId: string, body: unknown) =>
    api<{ enrolled: number }>('POST', `/api/sequences/${sequenceId}/enrollments`, body),
  updateTimer: (action: string, body: unknown) => api<Timer>('POST', `/api/timer/${action}`, body),
  deleteProject: (projectId: string) => api('DELETE', `/api/projects/${projectId}`),
  unlinkProjectConversation: (projectId: string, conversationId: string) =>
    api<Project>('DELETE', `/api/projects/${projectId}/conversations/${conversationId}`),
  removeProjectParticipant: (projectId: string, participantId: string) =>
    api<Project>('DELETE', `/api/projects/${projectId}/participants/${participantId}`),
  deleteProjectTask: (projectId: string, taskId: string) =>
    api<Project>('DELETE', `/api/projects/${projectId}/tasks/${taskId}`),
  deleteSequence: (sequenceId: string) => api('DELETE', `/api/sequences/${sequenceId}`),
  getPortalSettings: () => api<{ url: string; enabled: boolean }>('GET', '/api/portal/settings'),
  getProject: (projectId: string) => api<Project>('GET', `/api/projects/${projectId}`),
  listProjectTime: (projectId: string) => api<TimeEntry[]>('GET', `/api/projects/${projectId}/time`),
  getProjectTimeline: (projectId: string) => api<ProjectTimelineItem[]>('GET', `/api/projects/${projectId}/timeline`),
  getTimer: () => api<Timer>('GET', '/api/timer'),
  listProjectEstimates: () => api<EstimateReport>('GET', '/api/projects/estimates'),
  projectsOfDeal: (dealId: string | number | boolean) =>
    api<ProjectPage>('GET', `/api/projects?dealId=${dealId}&limit=1`),
  listProjects: (query: string) => api<ProjectPage>('GET', `/api/projects?${query}`),
  listSequenceEnrollments: (sequenceId: string | number | boolean) =>
    api<Enrollment[]>('GET', `/api/sequence-enrollments?sequenceId=${sequenceId}`),
  listSequences: () => api<Sequence[]>('GET', '/api/sequences'),
  stopSequenceEnrollment: (sequenceEnrollmentId: string) =>
    api('POST', `/api/sequence-enrollments/${sequenceEnrollmentId}/stop`),
  updatePortalSettings: (body: unknown) => api('PATCH', '/api/portal/settings', body),
  updateProject: (projectId: string, body: unknown) => api<Project>('PATCH', `/api/projects/${projectId}`, body),
  updateProjectTask: (projectId: string, taskId: string, body: unknown) =>
    api<Project>('PATCH', `/api/projects/${projectId}/tasks/${taskId}`, body),
  updateSequence: (sequenceId: string, body: unknown) => api('PATCH', `/api/sequences/${sequenceId}`, body),
  /** Uploads a file to the project: a new document, or a new version of one. */
  uploadProjectFile: (projectId: string, file: File, documentId?: string) =>
    api<Project>('POST', `/api/projects/${projectId}/files${documentId ? `?documentId=${documentId}` : ''}`, file, {
      contentType: file.type || 'application/octet-stream',
      headers: { 'x-file-name': encodeURIComponent(file.name) },
    }),
};

/** Files the browser downloads itself (links, not requests). */
export const projectsFiles = {
  version: (projectId: string, fileId: string) => `/api/projects/${projectId}/files/${fileId}`,
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const projectsKeys = {
  portalSettings: ['portal-settings'] as const,
  sequences: ['sequences'] as const,
};

export function usePortalSettings() {
  return useQuery({ queryKey: projectsKeys.portalSettings, queryFn: () => projectsApi.getPortalSettings() });
}

export function useSequences() {
  return useQuery({ queryKey: projectsKeys.sequences, queryFn: () => projectsApi.listSequences() });
}

/** After a change to a project: its page shows what the server answered, and its list and timeline are read again. */
export function useProjectChange(projectId: string) {
  const client = useQueryClient();
  return (project: Project) => {
    client.setQueryData(['project', projectId], project);
    void client.invalidateQueries({ queryKey: ['projects'] });
    void client.invalidateQueries({ queryKey: ['project-timeline', projectId] });
  };
}

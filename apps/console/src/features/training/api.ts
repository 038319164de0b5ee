// Training tracks, assignments and progress. The console's requests of this feature, in one place.
import type { MyTraining, TrainingProgress, TrainingTrack } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const trainingApi = {
  submitAttempt: (trainingId: string, body: unknown) =>
    api<{ score: number; passed: boolean; passMark: number; correct: Record<string, boolean> }>(
      'POST',
      `/api/me/training/${trainingId}/attempts`,
      body,
    ),
  assignTrack: (trackId: string, body: unknown) => api('POST', `/api/training/tracks/${trackId}/assignments`, body),
  listMyTraining: () => api<MyTraining[]>('GET', '/api/me/training'),
  getProgress: () => api<TrainingProgress[]>('GET', '/api/training/progress'),
  listTracks: () => api<TrainingTrack[]>('GET', '/api/training/tracks'),
  markRead: (trainingId: string, body: unknown) => api<MyTraining>('POST', `/api/me/training/${trainingId}/read`, body),
  /** Creates a track, or changes the one named. */
  saveTrack: (trackId: string | null, body: unknown) =>
    trackId ? api('PATCH', `/api/training/tracks/${trackId}`, body) : api('POST', '/api/training/tracks', body),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const trainingKeys = {
  myTraining: ['my-training'] as const,
  trainingProgress: ['training-progress'] as const,
  trainingTracks: ['training-tracks'] as const,
};

export function useMyTraining() {
  return useQuery({ queryKey: trainingKeys.myTraining, queryFn: () => trainingApi.listMyTraining() });
}

export function useTrainingProgress() {
  return useQuery({ queryKey: trainingKeys.trainingProgress, queryFn: () => trainingApi.getProgress() });
}

export function useTrainingTracks() {
  return useQuery({ queryKey: trainingKeys.trainingTracks, queryFn: () => trainingApi.listTracks() });
}

// Segments and their previews. The console's requests of this feature, in one place.
import type { Segment, SegmentPreview } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';

/** Every request of this feature, named: components call these, never a URL. */
export const segmentsApi = {
  deleteSegment: (segmentId: string) => api('DELETE', `/api/segments/${segmentId}`),
  getSegment: (segmentId: string) => api<Segment>('GET', `/api/segments/${segmentId}`),
  listSegments: () => api<Segment[]>('GET', '/api/segments'),
  previewSegments: (body: unknown) => api<SegmentPreview>('POST', '/api/segments/preview', body),
  /** Creates a segment, or changes the one named. */
  saveSegment: (segmentId: string | null, body: unknown) =>
    segmentId ? api<Segment>('PATCH', `/api/segments/${segmentId}`, body) : api<Segment>('POST', '/api/segments', body),
};

/** Query keys of this feature's shared reads: mutations and live frames invalidate these. */
export const segmentsKeys = {
  segments: ['segments'] as const,
};

export function useSegments() {
  return useQuery({ queryKey: segmentsKeys.segments, queryFn: () => segmentsApi.listSegments() });
}

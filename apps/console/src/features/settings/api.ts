// The team's data as the console reads and changes it: members and their roles and limits.
import type { ConversationAccess, Member, Role } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';

/** Query keys of this feature; live frames (presence) invalidate `members`. */
export const teamKeys = { members: ['members'] as const };

/** Everyone in the workspace, with role, presence and which conversations they see. */
export function useMembers() {
  return useQuery({ queryKey: teamKeys.members, queryFn: () => api<Member[]>('GET', '/api/members') });
}

/** An admin changes a member's role or conversation limit; the list comes back as it now stands. */
export function useUpdateMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...change }: { userId: string; role?: Role; conversationAccess?: ConversationAccess }) =>
      api<Member[]>('PATCH', `/api/members/${userId}`, change),
    onSuccess: (list) => client.setQueryData(teamKeys.members, list),
  });
}

export function useRemoveMember() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => api('DELETE', `/api/members/${userId}`),
    onSuccess: () => client.invalidateQueries({ queryKey: teamKeys.members }),
  });
}

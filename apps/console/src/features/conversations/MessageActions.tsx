// What an agent can do with one message of a WhatsApp thread inside the 24-hour window: answer it in particular (quoted,
// as WhatsApp shows it) and react to it with an emoji.
import { ActionIcon, Group, Menu } from '@mantine/core';
import type { Message } from '@atiende/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { conversationsApi } from './api';

const EMOJIS = ['👍', '❤️', '😂', '😮', '🙏', '✅'];

export function MessageActions({ message: m, onReply }: { message: Message; onReply: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = (m.metadata as { reactions?: { agent?: string } }).reactions?.agent;
  const react = useMutation({
    mutationFn: (emoji: string) => conversationsApi.reactToMessage(m.conversationId, m.id, emoji),
    onSuccess: (updated) =>
      client.setQueryData<Message[]>(['messages', m.conversationId], (list) =>
        list?.map((x) => (x.id === updated.id ? updated : x)),
      ),
  });
  if (m.kind === 'notice') return null;
  return (
    <Group gap={0} wrap="nowrap">
      <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('inbox.replyToThis')} onClick={onReply}>
        ↩
      </ActionIcon>
      {m.direction === 'incoming' || m.deliveryStatus ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon size="xs" variant="subtle" color="gray" aria-label={t('inbox.react')} loading={react.isPending}>
              {mine ?? '☺'}
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Group gap={2} px={4}>
              {EMOJIS.map((e) => (
                <ActionIcon
                  key={e}
                  variant={e === mine ? 'light' : 'subtle'}
                  onClick={() => react.mutate(e === mine ? '' : e)}
                >
                  {e}
                </ActionIcon>
              ))}
            </Group>
          </Menu.Dropdown>
        </Menu>
      ) : null}
    </Group>
  );
}

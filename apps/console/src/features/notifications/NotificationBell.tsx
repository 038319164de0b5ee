// The bell in the header: how many notices wait unread, and every notice kept (90 days), newest first; opening one
// marks it read and goes to what it is about.
import {
  ActionIcon,
  Box,
  Button,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Switch,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import type { StoredNotice } from '@atiende/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { timeAgo } from '../conversations/format';
import { useMarkNoticesRead, useNotices, useUnreadNotices } from './api';
import { noticeColor, noticeMessage, noticePath, noticeTitle } from './notice-text';

export function NotificationBell() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const unread = useUnreadNotices().data ?? 0;
  const list = useNotices(unreadOnly, opened);
  const mark = useMarkNoticesRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const open = (n: StoredNotice) => {
    if (!n.readAt) mark.mutate({ ids: [n.id] });
    setOpened(false);
    void navigate(noticePath(n));
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" withinPortal>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="gray.8"
          size={44}
          onClick={() => setOpened((o) => !o)}
          aria-label={t('frame.bell.open', { count: unread })}
          data-testid="bell"
        >
          <Indicator
            label={unread > 99 ? '99+' : unread}
            size={18}
            disabled={unread === 0}
            color="red.8"
            offset={2}
            data-testid="bell-count"
          >
            <IconBell size={24} aria-hidden />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label={t('frame.bell.title')}>
        <Group justify="space-between" px="sm" py="xs" wrap="nowrap">
          <Text fw={700}>{t('frame.bell.title')}</Text>
          <Switch
            size="xs"
            label={t('frame.bell.unreadOnly')}
            checked={unreadOnly}
            onChange={(e) => setUnreadOnly(e.currentTarget.checked)}
          />
        </Group>
        <ScrollArea.Autosize mah="60vh" type="auto">
          {list.isPending ? (
            <Group justify="center" p="md">
              <Loader size="sm" />
            </Group>
          ) : items.length === 0 ? (
            <Text size="sm" c="gray.7" p="sm">
              {unreadOnly ? t('frame.bell.emptyUnread') : t('frame.bell.empty')}
            </Text>
          ) : (
            <Stack gap={0}>
              {items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  px="sm"
                  py="xs"
                  data-testid="notice"
                  bg={n.readAt ? undefined : 'cyan.0'}
                  style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                >
                  <Group gap="xs" wrap="nowrap" align="flex-start">
                    <Box
                      mt={6}
                      w={8}
                      h={8}
                      style={{
                        borderRadius: 4,
                        flex: 'none',
                        background: n.readAt ? 'transparent' : `var(--mantine-color-${noticeColor(n)}-8)`,
                      }}
                    />
                    <Box style={{ minWidth: 0 }}>
                      <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
                        {noticeTitle(t, n)}
                      </Text>
                      <Text size="xs" c="gray.7" lineClamp={2}>
                        {noticeMessage(t, n)}
                      </Text>
                      <Text size="xs" c="gray.7">
                        {timeAgo(n.createdAt, i18n.language)}
                      </Text>
                    </Box>
                  </Group>
                </UnstyledButton>
              ))}
              {list.hasNextPage && (
                <Button variant="subtle" size="xs" m="xs" onClick={() => void list.fetchNextPage()}>
                  {t('frame.bell.more')}
                </Button>
              )}
            </Stack>
          )}
        </ScrollArea.Autosize>
        {unread > 0 && (
          <Group justify="flex-end" px="sm" py="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
            <Button size="xs" variant="light" onClick={() => mark.mutate({ all: true })} loading={mark.isPending}>
              {t('frame.bell.markAll')}
            </Button>
          </Group>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}

// The snippet to paste into the company's website.
import { Button, Code, CopyButton, Paper, Stack, Text, Title } from '@mantine/core';
import type { Inbox } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';

export function WidgetSettings() {
  const { t } = useTranslation();
  const inboxes = useQuery({ queryKey: ['inboxes'], queryFn: () => api<Inbox[]>('GET', '/api/inboxes') });
  const webchat = inboxes.data?.filter((i) => i.channel === 'webchat') ?? [];
  return (
    <Stack>
      <Title order={3}>{t('nav.widget')}</Title>
      <Text size="sm" c="dimmed">{t('widget.intro')}</Text>
      {webchat.map((inbox) => {
        const snippet = `<script src="${location.origin}/widget.js" data-website-token="${inbox.websiteToken}" async></script>`;
        return (
          <Paper key={inbox.id} withBorder p="md">
            <Stack>
              <Title order={5}>{inbox.name}</Title>
              <Code block data-testid="widget-snippet">{snippet}</Code>
              <CopyButton value={snippet}>{({ copied, copy }) => <Button w="fit-content" onClick={copy}>{copied ? t('common.copied') : t('widget.copy')}</Button>}</CopyButton>
              <Text size="xs" c="dimmed">{t('widget.hoursHint')}</Text>
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

// The snippet to paste into the company's website, and whether new visitors become leads of a pipeline.
import { Alert, Button, Code, CopyButton, Paper, Select, Stack, Text, Title } from '@mantine/core';
import type { Inbox, Pipeline } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../api';

export function WidgetSettings() {
  const { t } = useTranslation();
  const inboxes = useQuery({ queryKey: ['inboxes'], queryFn: () => api<Inbox[]>('GET', '/api/inboxes') });
  const webchat = inboxes.data?.filter((i) => i.channel === 'webchat') ?? [];
  const client = useQueryClient();
  const pipelines = useQuery({ queryKey: ['pipelines'], queryFn: () => api<Pipeline[]>('GET', '/api/pipelines') });
  const leads = useMutation({ mutationFn: ({ id, leadPipelineId }: { id: string; leadPipelineId: string | null }) => api<Inbox>('PATCH', `/api/inboxes/${id}/webchat`, { leadPipelineId }), onSuccess: () => void client.invalidateQueries({ queryKey: ['inboxes'] }) });
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
              <Select
                label={t('widget.leads')}
                description={t('widget.leadsHint')}
                data={[{ value: '', label: t('widget.leadsNone') }, ...(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))]}
                value={inbox.webchat?.leadPipelineId ?? ''}
                onChange={(v) => leads.mutate({ id: inbox.id, leadPipelineId: v || null })}
                allowDeselect={false}
                w={360}
              />
              {leads.error && <Alert color="red">{describeError(leads.error)}</Alert>}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

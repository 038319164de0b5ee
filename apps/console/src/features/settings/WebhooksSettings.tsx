// Outbound webhooks (admins): the address and its events, the signing secret shown once, a test, the delivery log
// with each attempt's answer, and trying a failed delivery again.
import '../projects/projects-i18n';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { WebhookEvent as WebhookEventNames, type Webhook, type WebhookEvent } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api';
import { settingsApi, useWebhooks } from './api';
import { localeOf } from '../../locale';

// The contract's list, written out so the console bundle carries no schema library for it.
const EVENTS: WebhookEvent[] = WebhookEventNames.options;

export function WebhooksSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const hooks = useWebhooks();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [created, setCreated] = useState<Webhook | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['webhooks'] });
  const create = useMutation({
    mutationFn: () => settingsApi.createWebhook({ url, description, events }),
    onSuccess: (hook) => (setCreated(hook), setUrl(''), setDescription(''), refresh()),
  });
  const fieldError = (path: string) =>
    create.error instanceof ApiError ? create.error.fields.find((f) => f.path === path)?.message : undefined;
  return (
    <Stack>
      <Title order={3}>{t('nav.webhooks')}</Title>
      <Text size="sm" c="dimmed">
        {t('webhooks.intro')}
      </Text>
      {created && (
        <Alert color="teal" data-testid="webhook-secret">
          <Text size="sm">{t('webhooks.secret')}</Text>
          <Group>
            <Code>{created.secret}</Code>
            <CopyButton value={created.secret}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('webhooks.copied') : t('webhooks.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      {hooks.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('webhooks.none')}
        </Text>
      )}
      {hooks.data?.map((hook) => (
        <WebhookRow key={hook.id} hook={hook} onChange={refresh} />
      ))}
      <Paper withBorder p="sm">
        <Stack gap="xs">
          <Group grow align="start">
            <TextInput
              label={t('webhooks.url')}
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={fieldError('url')}
            />
            <TextInput
              label={t('webhooks.description')}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </Group>
          <Text size="sm" fw={500}>
            {t('webhooks.events')}
          </Text>
          <Group gap="md">
            <Checkbox
              label={t('webhooks.all')}
              checked={events.includes('*')}
              onChange={(e) => setEvents(e.currentTarget.checked ? ['*'] : [])}
            />
            {EVENTS.map((event) => (
              <Checkbox
                key={event}
                label={t(`webhooks.names.${event}`)}
                disabled={events.includes('*')}
                checked={events.includes('*') || events.includes(event)}
                onChange={(e) =>
                  setEvents(e.currentTarget.checked ? [...events, event] : events.filter((x) => x !== event))
                }
              />
            ))}
          </Group>
          {create.error && !fieldError('url') && <Alert color="red">{describeError(create.error)}</Alert>}
          <Group justify="flex-end">
            <Button onClick={() => create.mutate()} disabled={!url.trim() || !events.length} loading={create.isPending}>
              {t('webhooks.add')}
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}

function WebhookRow({ hook, onChange }: { hook: Webhook; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const deliveries = useQuery({
    queryKey: ['webhook-deliveries', hook.id],
    queryFn: () => settingsApi.listWebhookDeliveries(hook.id),
    enabled: open,
    refetchInterval: open ? 5_000 : false,
  });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => settingsApi.updateWebhook(hook.id, { enabled }),
    onSuccess: onChange,
  });
  const ping = useMutation({
    mutationFn: () => settingsApi.pingWebhook(hook.id),
    onSuccess: () => (setOpen(true), void deliveries.refetch()),
  });
  const remove = useMutation({ mutationFn: () => settingsApi.deleteWebhook(hook.id), onSuccess: onChange });
  const retry = useMutation({
    mutationFn: (id: string) => settingsApi.retryWebhookDelivery(id),
    onSuccess: () => void deliveries.refetch(),
  });
  return (
    <Paper withBorder p="sm" data-testid="webhook">
      <Stack gap="xs">
        <Group justify="space-between">
          <Stack gap={0}>
            <Text fw={600} size="sm">
              {hook.url}
            </Text>
            <Text size="xs" c="dimmed">
              {[
                hook.description,
                hook.events.includes('*')
                  ? t('webhooks.all')
                  : hook.events.map((e) => t(`webhooks.names.${e}`)).join(', '),
                hook.secret,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
          </Stack>
          <Group gap="xs">
            <Switch
              label={t('webhooks.enabled')}
              checked={hook.enabled}
              onChange={(e) => toggle.mutate(e.currentTarget.checked)}
            />
            <Button size="xs" variant="light" onClick={() => ping.mutate()} loading={ping.isPending}>
              {t('webhooks.ping')}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setOpen(!open)}>
              {t('webhooks.deliveries')}
            </Button>
            <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate()}>
              {t('webhooks.delete')}
            </Button>
          </Group>
        </Group>
        {open &&
          deliveries.data &&
          (deliveries.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('webhooks.noDeliveries')}
            </Text>
          ) : (
            <Table data-testid="webhook-deliveries">
              <Table.Tbody>
                {deliveries.data.map((d) => (
                  <Table.Tr key={d.id}>
                    <Table.Td>{new Date(d.createdAt).toLocaleString(localeOf(i18n.language))}</Table.Td>
                    <Table.Td>{t(`webhooks.names.${d.event}`, { defaultValue: d.event })}</Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        color={d.status === 'delivered' ? 'teal' : d.status === 'failed' ? 'red' : 'yellow'}
                      >
                        {t(`webhooks.status.${d.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {t('webhooks.attempts', { count: d.attempts })}
                      {d.responseStatus ? ` · HTTP ${d.responseStatus}` : ''}
                      {d.durationMs !== null ? ` · ${d.durationMs} ms` : ''}
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="red">
                        {d.error ?? ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {d.status === 'failed' && (
                        <Button size="compact-xs" variant="light" onClick={() => retry.mutate(d.id)}>
                          {t('webhooks.retry')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ))}
        {(toggle.error || ping.error || remove.error || retry.error) && (
          <Alert color="red">{describeError(toggle.error ?? ping.error ?? remove.error ?? retry.error)}</Alert>
        )}
      </Stack>
    </Paper>
  );
}

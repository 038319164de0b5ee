// Service level policies: ordered, each with its conditions and targets.
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { SlaPolicy } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useSegments } from '../segments/api';
import { settingsApi, useSlaPolicies, useTeams } from './api';

const channels = ['webchat', 'whatsapp', 'email', 'phone', 'visit'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;
type Draft = Omit<SlaPolicy, 'id' | 'position'>;

export function SlaSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const policies = useSlaPolicies();
  const teams = useTeams();
  const segments = useSegments();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['sla-policies'] });
  const run = async (work: () => Promise<unknown>, after?: () => void) => {
    setError(null);
    try {
      await work();
      after?.();
      refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal_error', String(e)));
    }
  };
  const move = (index: number, by: number) => {
    const ids = (policies.data ?? []).map((p) => p.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    void run(() => settingsApi.reorderSlaPolicies({ ids }));
  };
  const target = (minutes: number | null) =>
    minutes === null ? t('sla.noTarget') : t('sla.minutes', { count: minutes });
  const field = (path: string) => error?.fields.find((f) => f.path === path)?.message;
  const minutesInput = (label: string, key: 'firstResponseMinutes' | 'nextResponseMinutes' | 'resolutionMinutes') => (
    <NumberInput
      label={label}
      min={0}
      placeholder={t('sla.noTarget')}
      value={draft![key] ?? ''}
      onChange={(v) => setDraft({ ...draft!, [key]: v === '' ? null : Number(v) })}
      error={field(key)}
    />
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('sla.title')}</Title>
        <Button
          onClick={() => {
            setEditingId(null);
            setDraft({
              name: '',
              conditions: { channels: [], priorities: [], teamIds: [], segmentId: null },
              firstResponseMinutes: 30,
              nextResponseMinutes: 60,
              resolutionMinutes: null,
              businessHours: true,
              enabled: true,
            });
          }}
        >
          {t('sla.newPolicy')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('sla.intro')}
      </Text>
      {error && !draft && <Alert color="red">{error.message}</Alert>}
      {policies.data?.map((p, i) => (
        <Paper key={p.id} withBorder p="xs" data-testid="sla-policy">
          <Group justify="space-between" wrap="nowrap">
            <Stack
              gap={0}
              style={{ cursor: 'pointer', flex: 1 }}
              onClick={() => {
                setEditingId(p.id);
                setDraft({
                  name: p.name,
                  conditions: p.conditions,
                  firstResponseMinutes: p.firstResponseMinutes,
                  nextResponseMinutes: p.nextResponseMinutes,
                  resolutionMinutes: p.resolutionMinutes,
                  businessHours: p.businessHours,
                  enabled: p.enabled,
                });
              }}
            >
              <Text size="sm" fw={500} c={p.enabled ? undefined : 'dimmed'}>
                {i + 1}. {p.name}
              </Text>
              <Text size="xs" c="dimmed">
                {[
                  p.conditions.channels.map((c) => t(`channels.${c}`)).join(', '),
                  p.conditions.priorities.map((x) => t(`inbox.priority.${x}`)).join(', '),
                ]
                  .filter(Boolean)
                  .join(' · ')}
                {' — '}
                {t('sla.targets.first_response')}: {target(p.firstResponseMinutes)} · {t('sla.targets.next_response')}:{' '}
                {target(p.nextResponseMinutes)} · {t('sla.targets.resolution')}: {target(p.resolutionMinutes)} (
                {p.businessHours ? t('sla.business') : t('sla.calendar')})
              </Text>
            </Stack>
            <Group gap={2}>
              <ActionIcon variant="subtle" aria-label={t('sla.up')} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                aria-label={t('sla.down')}
                disabled={i === (policies.data?.length ?? 0) - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('sla.delete')}
                onClick={() => void run(() => settingsApi.deleteSlaPolicy(p.id))}
              >
                ×
              </ActionIcon>
            </Group>
          </Group>
        </Paper>
      ))}
      <Modal opened={draft !== null} onClose={() => setDraft(null)} title={draft?.name || t('sla.newPolicy')} size="lg">
        {draft && (
          <Stack gap="sm">
            {error && <Alert color="red">{error.message}</Alert>}
            <TextInput
              label={t('sla.name')}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              error={field('name')}
            />
            <MultiSelect
              label={t('sla.channels')}
              value={draft.conditions.channels}
              onChange={(v) =>
                setDraft({
                  ...draft,
                  conditions: { ...draft.conditions, channels: v },
                })
              }
              data={channels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
            />
            <Group grow>
              <MultiSelect
                label={t('sla.priorities')}
                value={draft.conditions.priorities}
                onChange={(v) =>
                  setDraft({
                    ...draft,
                    conditions: { ...draft.conditions, priorities: v },
                  })
                }
                data={priorities.map((p) => ({ value: p, label: t(`inbox.priority.${p}`) }))}
              />
              <MultiSelect
                label={t('sla.teams')}
                value={draft.conditions.teamIds}
                onChange={(v) => setDraft({ ...draft, conditions: { ...draft.conditions, teamIds: v } })}
                data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              />
            </Group>
            <Select
              label={t('sla.segment')}
              clearable
              value={draft.conditions.segmentId}
              onChange={(v) => setDraft({ ...draft, conditions: { ...draft.conditions, segmentId: v } })}
              data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            />
            <Group grow>
              {minutesInput(t('sla.firstResponse'), 'firstResponseMinutes')}
              {minutesInput(t('sla.nextResponse'), 'nextResponseMinutes')}
              {minutesInput(t('sla.resolution'), 'resolutionMinutes')}
            </Group>
            <Checkbox
              label={t('sla.businessHours')}
              checked={draft.businessHours}
              onChange={(e) => setDraft({ ...draft, businessHours: e.currentTarget.checked })}
            />
            <Checkbox
              label={t('sla.enabled')}
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
            />
            <Group justify="flex-end">
              <Button
                onClick={() =>
                  void run(
                    () => settingsApi.saveSlaPolicy(editingId, draft),
                    () => setDraft(null),
                  )
                }
              >
                {t('sla.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

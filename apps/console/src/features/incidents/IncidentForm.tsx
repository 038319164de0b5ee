// Recording an incident: one form for a new one (pre-filled from a conversation) and for changing one.
import {
  Alert,
  Button,
  Group,
  NumberInput,
  Rating,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Incident } from '@atiende/contract';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';
import { useMembers } from '../settings/api';
import { incidentsApi } from './api';
import { knowledgeApi } from '../knowledge/api';

export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const rootCauses = ['service', 'product', 'customer_error', 'third_party', 'unknown'] as const;
export const incidentChannels = ['whatsapp', 'email', 'webchat', 'phone', 'visit', 'other'] as const;
export const severityColor: Record<string, string> = { low: 'gray', medium: 'blue', high: 'orange', critical: 'red' };

type Category = { id: string; name: string };

export function useIncidentCategories() {
  return useQuery({
    queryKey: ['incident-categories'],
    queryFn: () => incidentsApi.listIncidentCategories<(Category & { incidents: number; position: number })[]>(),
  });
}

export function IncidentForm({
  incident,
  conversationId,
  contactId,
  onDone,
}: {
  incident?: Incident;
  conversationId?: string;
  contactId?: string;
  onDone: (incident?: Incident) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const categories = useIncidentCategories();
  const members = useMembers();
  const form = useForm({
    initialValues: {
      summary: incident?.summary ?? '',
      customerWords: incident?.customerWords ?? '',
      channel: incident?.channel ?? (conversationId ? '' : 'phone'),
      area: incident?.area ?? '',
      categoryId: incident?.category?.id ?? '',
      severity: incident?.severity ?? 'medium',
      rootCause: incident?.rootCause ?? 'unknown',
      rootCauseNotes: incident?.rootCauseNotes ?? '',
      attitudeBefore: incident?.attitudeBefore ?? 0,
      attitudeBeforeNotes: incident?.attitudeBeforeNotes ?? '',
      attitudeAfter: incident?.attitudeAfter ?? 0,
      attitudeAfterNotes: incident?.attitudeAfterNotes ?? '',
      assigneeId: incident?.assignee?.id ?? '',
      timeSpentMinutes: incident?.timeSpentMinutes ?? 0,
      articleId: incident?.article?.id ?? '',
    },
  });
  const { submit, error, busy } = useSubmit(form, async (v) => {
    const body = {
      summary: v.summary,
      ...(v.customerWords || incident ? { customerWords: v.customerWords } : {}),
      ...(v.channel ? { channel: v.channel } : {}),
      area: v.area,
      categoryId: v.categoryId || null,
      severity: v.severity,
      rootCause: v.rootCause,
      rootCauseNotes: v.rootCauseNotes,
      attitudeBefore: v.attitudeBefore || null,
      attitudeBeforeNotes: v.attitudeBeforeNotes,
      attitudeAfter: v.attitudeAfter || null,
      attitudeAfterNotes: v.attitudeAfterNotes,
      ...(v.assigneeId || incident ? { assigneeId: v.assigneeId || null } : {}),
      timeSpentMinutes: Number(v.timeSpentMinutes) || 0,
      ...(v.articleId || incident ? { articleId: v.articleId || null } : {}),
    };
    const saved = incident
      ? await incidentsApi.updateIncident(incident.id, body)
      : await incidentsApi.createIncident({
          ...body,
          ...(conversationId ? { conversationId } : {}),
          ...(contactId ? { contactId } : {}),
        });
    void client.invalidateQueries({ queryKey: ['incidents'] });
    void client.invalidateQueries({ queryKey: ['incident', saved.id] });
    void client.invalidateQueries({ queryKey: ['timeline'] });
    onDone(saved);
  });
  const option = (prefix: string) => (value: string) => ({ value, label: t(`${prefix}.${value}`) });
  return (
    <form onSubmit={form.onSubmit(submit)}>
      <Stack gap="sm">
        {error && <Alert color="red">{error}</Alert>}
        {conversationId && !incident && (
          <Text size="sm" c="dimmed">
            {t('incidents.prefilled')}
          </Text>
        )}
        <TextInput label={t('incidents.summary')} required maxLength={500} {...form.getInputProps('summary')} />
        <Textarea
          label={t('incidents.customerWords')}
          description={conversationId && !incident ? t('incidents.customerWordsHelp') : undefined}
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('customerWords')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('incidents.channel')}
            data={incidentChannels.map(option('incidents.channels'))}
            clearable={Boolean(conversationId)}
            placeholder={conversationId ? t('incidents.fromConversation') : undefined}
            {...form.getInputProps('channel')}
          />
          <Select
            label={t('incidents.category')}
            data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            clearable
            {...form.getInputProps('categoryId')}
          />
          <Select
            label={t('incidents.severity')}
            data={severities.map(option('incidents.severities'))}
            allowDeselect={false}
            {...form.getInputProps('severity')}
          />
        </SimpleGrid>
        <TextInput
          label={t('incidents.area')}
          placeholder={t('incidents.areaHelp')}
          maxLength={120}
          {...form.getInputProps('area')}
        />
        <Select
          label={t('incidents.rootCause')}
          data={rootCauses.map(option('incidents.rootCauses'))}
          allowDeselect={false}
          {...form.getInputProps('rootCause')}
        />
        <Textarea
          label={t('incidents.rootCauseNotes')}
          autosize
          minRows={1}
          {...form.getInputProps('rootCauseNotes')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('incidents.attitudeBefore')}
            </Text>
            <Rating count={5} aria-label={t('incidents.attitudeBefore')} {...form.getInputProps('attitudeBefore')} />
            <TextInput
              size="xs"
              placeholder={t('incidents.attitudeNotes')}
              aria-label={t('incidents.attitudeBeforeNotes')}
              {...form.getInputProps('attitudeBeforeNotes')}
            />
          </Stack>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('incidents.attitudeAfter')}
            </Text>
            <Rating count={5} aria-label={t('incidents.attitudeAfter')} {...form.getInputProps('attitudeAfter')} />
            <TextInput
              size="xs"
              placeholder={t('incidents.attitudeNotes')}
              aria-label={t('incidents.attitudeAfterNotes')}
              {...form.getInputProps('attitudeAfterNotes')}
            />
          </Stack>
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('incidents.attitudeScale')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('incidents.assignee')}
            data={(members.data ?? [])
              .filter((m) => m.role !== 'viewer')
              .map((m) => ({ value: m.userId, label: m.name }))}
            clearable
            {...form.getInputProps('assigneeId')}
          />
          <NumberInput
            label={t('incidents.timeSpent')}
            min={0}
            max={100000}
            {...form.getInputProps('timeSpentMinutes')}
          />
        </SimpleGrid>
        <ArticleChoice
          value={form.values.articleId}
          initial={incident?.article ?? null}
          onChange={(id) => form.setFieldValue('articleId', id)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone()}>
            {t('incidents.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The knowledge article used or written for the incident, found by typing its title. */
function ArticleChoice({
  value,
  initial,
  onChange,
}: {
  value: string;
  initial: { id: string; title: string } | null;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const found = useQuery({
    queryKey: ['articles', 'choice', debounced],
    queryFn: () => knowledgeApi.searchArticles(debounced.trim()),
  });
  const options = [
    ...(initial ? [{ value: initial.id, label: initial.title }] : []),
    ...(found.data?.items ?? []).filter((a) => a.id !== initial?.id).map((a) => ({ value: a.id, label: a.title })),
  ];
  return (
    <Select
      label={t('incidents.article')}
      searchable
      clearable
      data={options}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
    />
  );
}

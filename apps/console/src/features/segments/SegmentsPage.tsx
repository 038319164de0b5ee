// Segments: the saved groups with their live counts, and the rule builder.
import '../insight-i18n';
import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type {
  CustomerStatus,
  Segment,
  SegmentDefinition,
  SegmentField,
  SegmentOperator,
  SegmentRule,
} from '@atiende/contract';
import { npsGroups, segmentFieldOperators } from '@atiende/contract/segment-fields';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api';
import { can, useSession } from '../../session';
import { useMembers } from '../settings/api';
import { customersApi } from '../customers/api';
import { usePrivacyNotice } from '../privacy/api';
import { segmentsApi, useSegments } from './api';

export function SegmentsPage() {
  const { t } = useTranslation();
  const session = useSession().data!;
  const segments = useSegments();
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={900}>
        <Group justify="space-between">
          <Title order={3}>{t('segments.title')}</Title>
          {can(session, 'agent') && (
            <Button component={Link} to="/segments/new">
              {t('segments.new')}
            </Button>
          )}
        </Group>
        {segments.isPending && <Loader />}
        {segments.data?.length === 0 && <Text c="dimmed">{t('segments.none')}</Text>}
        {segments.data?.map((s) => (
          <Paper key={s.id} withBorder p="md" data-testid="segment">
            <Group justify="space-between">
              <Stack gap={2}>
                <Anchor fw={600} component={Link} to={`/segments/${s.id}`}>
                  {s.name}
                </Anchor>
                {s.description && (
                  <Text size="sm" c="dimmed">
                    {s.description}
                  </Text>
                )}
              </Stack>
              <Group>
                <Text size="sm" fw={600}>
                  {t('segments.count', { count: s.count })}
                </Text>
                <Button size="xs" variant="light" component={Link} to={`/contacts?segment=${s.id}`}>
                  {t('segments.seeContacts')}
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
    </ScrollArea>
  );
}

const fields = Object.keys(segmentFieldOperators) as SegmentField[];
const statuses: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];
const channels = ['webchat', 'whatsapp', 'email', 'phone', 'visit'];
const numeric: SegmentOperator[] = ['gt', 'lt', 'within_days', 'not_within_days'];

export function SegmentEditorPage() {
  const { id } = useParams();
  const existing = useQuery({
    queryKey: ['segment', id],
    queryFn: () => segmentsApi.getSegment(id!),
    enabled: Boolean(id),
  });
  if (id && existing.isPending) return <Loader m="xl" />;
  if (id && existing.isError)
    return (
      <Alert m="md" color="red">
        {existing.error.message}
      </Alert>
    );
  return <Editor segment={existing.data} />;
}

function Editor({ segment }: { segment?: Segment }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const session = useSession().data!;
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [definition, setDefinition] = useState<SegmentDefinition>(
    segment?.definition ?? { match: 'all', rules: [{ field: 'status', operator: 'is', value: 'active' }] },
  );
  const [debounced] = useDebouncedValue(definition, 300);
  const preview = useQuery({
    queryKey: ['segment-preview', debounced],
    queryFn: () => segmentsApi.previewSegments({ definition: debounced }),
    retry: false,
  });
  const members = useMembers();
  const companies = useQuery({
    queryKey: ['companies', 'all'],
    queryFn: () => customersApi.listCompanies(),
  });
  const notice = usePrivacyNotice();
  const save = useMutation({
    mutationFn: () =>
      segmentsApi.saveSegment(segment?.id ?? null, {
        name,
        description: description || null,
        definition,
      }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['segments'] });
      client.setQueryData(['segment', saved.id], saved);
      void navigate('/segments');
    },
  });
  const remove = useMutation({
    mutationFn: () => segmentsApi.deleteSegment(segment!.id),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['segments'] });
      void navigate('/segments');
    },
  });
  const setRule = (index: number, rule: SegmentRule) =>
    setDefinition({ ...definition, rules: definition.rules.map((r, i) => (i === index ? rule : r)) });
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fields.find((f) => f.path === path)?.message : undefined;
  const previewError = preview.error instanceof ApiError ? preview.error.fields.map((f) => f.message).join('; ') : null;

  const valueInput = (rule: SegmentRule, index: number) => {
    const common = { 'aria-label': t('segments.value'), w: 220, error: fieldError(`definition.rules.${index}.value`) };
    const set = (value: string | number | null) => setRule(index, { ...rule, value });
    if (rule.operator === 'exists' || rule.operator === 'not_exists') return null;
    if (rule.field === 'status')
      return (
        <Select
          {...common}
          data={statuses.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))}
          value={String(rule.value ?? '')}
          onChange={set}
          allowDeselect={false}
        />
      );
    if (rule.field === 'channel')
      return (
        <Select
          {...common}
          data={channels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          value={String(rule.value ?? '')}
          onChange={set}
          allowDeselect={false}
        />
      );
    if (rule.field === 'owner')
      return (
        <Select
          {...common}
          data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
          value={String(rule.value ?? '')}
          onChange={set}
        />
      );
    if (rule.field === 'npsGroup')
      return (
        <Select
          {...common}
          data={npsGroups.map((g) => ({ value: g, label: t(`npsGroups.${g}`) }))}
          value={String(rule.value ?? '')}
          onChange={set}
          allowDeselect={false}
        />
      );
    if (rule.field === 'consent')
      return (
        <Select
          {...common}
          data={(notice.data?.purposes ?? []).map((p) => ({ value: p.key, label: p.name }))}
          value={String(rule.value ?? '')}
          onChange={set}
          allowDeselect={false}
        />
      );
    if (rule.field === 'company')
      return (
        <Select
          {...common}
          searchable
          data={(companies.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={String(rule.value ?? '')}
          onChange={set}
        />
      );
    if (numeric.includes(rule.operator))
      return (
        <NumberInput
          {...common}
          min={0}
          value={rule.value === null || rule.value === undefined ? '' : Number(rule.value)}
          onChange={(v) => set(v === '' ? null : Number(v))}
        />
      );
    if (rule.operator === 'before' || rule.operator === 'after')
      return (
        <TextInput
          {...common}
          type="date"
          value={String(rule.value ?? '')}
          onChange={(e) => set(e.currentTarget.value)}
        />
      );
    return <TextInput {...common} value={String(rule.value ?? '')} onChange={(e) => set(e.currentTarget.value)} />;
  };

  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={900}>
        <Title order={3}>{segment ? segment.name : t('segments.new')}</Title>
        <TextInput
          label={t('segments.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
        />
        <Textarea
          label={t('segments.description')}
          autosize
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Paper withBorder p="md">
          <Stack>
            <Group gap="sm">
              <Text size="sm">{t('segments.match')}</Text>
              <SegmentedControl
                size="xs"
                value={definition.match}
                onChange={(m) => setDefinition({ ...definition, match: m })}
                data={[
                  { value: 'all', label: t('segments.all') },
                  { value: 'any', label: t('segments.any') },
                ]}
              />
            </Group>
            {definition.rules.map((rule, index) => (
              <Group key={index} gap="xs" align="flex-start" data-testid="segment-rule">
                <Select
                  aria-label={t('segments.field')}
                  w={220}
                  allowDeselect={false}
                  data={fields.map((f) => ({ value: f, label: t(`segments.fields.${f}`) }))}
                  value={rule.field}
                  onChange={(f) =>
                    f &&
                    setRule(index, {
                      field: f,
                      operator: segmentFieldOperators[f][0]!,
                      value: null,
                    })
                  }
                />
                <Select
                  aria-label={t('segments.operator')}
                  w={220}
                  allowDeselect={false}
                  data={segmentFieldOperators[rule.field].map((o) => ({
                    value: o,
                    label: t(`segments.operators.${o}`),
                  }))}
                  value={rule.operator}
                  onChange={(o) => o && setRule(index, { ...rule, operator: o })}
                  error={fieldError(`definition.rules.${index}.operator`)}
                />
                {valueInput(rule, index)}
                {definition.rules.length > 1 && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={4}
                    aria-label={t('segments.removeRule')}
                    onClick={() =>
                      setDefinition({ ...definition, rules: definition.rules.filter((_, i) => i !== index) })
                    }
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            ))}
            <Button
              variant="light"
              size="xs"
              w="fit-content"
              onClick={() =>
                setDefinition({
                  ...definition,
                  rules: [...definition.rules, { field: 'tag', operator: 'has', value: '' }],
                })
              }
            >
              {t('segments.addRule')}
            </Button>
          </Stack>
        </Paper>
        <Paper withBorder p="md" bg="gray.0">
          {previewError ? (
            <Text size="sm" c="dimmed">
              {previewError}
            </Text>
          ) : (
            <Text fw={600} data-testid="segment-count">
              {t('segments.liveCount', { count: preview.data?.count ?? 0 })}
            </Text>
          )}
          {preview.data && preview.data.sample.length > 0 && (
            <Text size="sm" c="dimmed">
              {preview.data.sample.map((s) => s.name).join(', ')}
              {preview.data.count > preview.data.sample.length ? '…' : ''}
            </Text>
          )}
        </Paper>
        {save.isError && <Alert color="red">{save.error.message}</Alert>}
        {can(session, 'agent') && (
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              {t('segments.save')}
            </Button>
            {segment && (
              <Button variant="subtle" component={Link} to={`/contacts?segment=${segment.id}`}>
                {t('segments.seeContacts')}
              </Button>
            )}
            {segment && (
              <Button
                variant="subtle"
                color="red"
                onClick={() => window.confirm(t('segments.confirmDelete', { name: segment.name })) && remove.mutate()}
              >
                {t('segments.delete')}
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </ScrollArea>
  );
}

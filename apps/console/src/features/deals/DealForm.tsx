// The deal form: used on the board and the list, and from a conversation, a contact or a company with what they
// already know filled in. A save names the version it was read at; a refusal (someone else changed the deal) offers
// to reload it.
import './sales-i18n';
import { Alert, Button, Group, NumberInput, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { Deal, Pipeline } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api';
import { DealProjectButton } from '../projects/DealProjectButton';
import { DealQuotes } from '../quotes/DealQuotes';
import { ContactTasks } from '../tasks/ContactTasks';
import { RecordPicker } from '../../components/RecordPicker';
import { SaveError } from '../../layout/SaveError';
import { formatMoney as money } from '../../money';
import { useMembers } from '../settings/api';
import { dealsApi } from './api';

export interface FormState {
  title: string;
  stageId: string;
  value: number;
  currency: string;
  taxRate: number;
  probability: number | null;
  contact: { id: string; name: string } | null;
  company: { id: string; name: string } | null;
  ownerId: string | null;
  expectedCloseDate: string;
  source: Deal['source'];
  sourceDetail: string;
  lostReason: string;
  notes: string;
}

export function DealForm({
  pipeline,
  dealId,
  canWrite,
  onDone,
  language,
  initial,
}: {
  pipeline: Pipeline;
  dealId: string | null;
  canWrite: boolean;
  onDone: (saved?: Deal) => void;
  language: string;
  initial?: Partial<FormState>;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const deal = useQuery({
    queryKey: ['deal', dealId],
    queryFn: () => dealsApi.getDeal(dealId!),
    enabled: Boolean(dealId),
  });
  const members = useMembers();
  const [form, setForm] = useState<FormState | null>(null);
  useEffect(() => {
    if (!dealId)
      setForm({
        title: '',
        stageId: pipeline.stages[0]!.id,
        value: 0,
        currency: 'MXN',
        taxRate: 16,
        probability: null,
        contact: null,
        company: null,
        ownerId: null,
        expectedCloseDate: '',
        source: 'manual',
        sourceDetail: '',
        lostReason: '',
        notes: '',
        ...initial,
      });
    else if (deal.data) {
      const d = deal.data;
      setForm({
        title: d.title,
        stageId: d.stageId,
        value: d.value,
        currency: d.currency,
        taxRate: d.taxRate,
        probability: null,
        contact: d.contact,
        company: d.company,
        ownerId: d.owner?.id ?? null,
        expectedCloseDate: d.expectedCloseDate ?? '',
        source: d.source,
        sourceDetail: d.sourceDetail ?? '',
        lostReason: d.lostReason ?? '',
        notes: d.notes,
      });
    }
  }, [dealId, deal.data, pipeline]);
  const done = (saved?: Deal) => {
    void client.invalidateQueries({ queryKey: ['board'] });
    void client.invalidateQueries({ queryKey: ['deals'] });
    void client.invalidateQueries({ queryKey: ['deal', dealId] });
    onDone(saved);
  };
  const save = useMutation({
    mutationFn: (f: FormState) => {
      const body = {
        title: f.title,
        stageId: f.stageId,
        value: f.value,
        currency: f.currency,
        taxRate: f.taxRate,
        ...(f.probability !== null && { probability: f.probability }),
        contactId: f.contact?.id ?? null,
        companyId: f.company?.id ?? null,
        ...(f.ownerId !== null || dealId ? { ownerId: f.ownerId } : {}),
        expectedCloseDate: f.expectedCloseDate || null,
        source: f.source,
        sourceDetail: f.sourceDetail || null,
        notes: f.notes,
      };
      return dealId
        ? dealsApi.updateDeal(dealId, {
            ...body,
            version: deal.data!.version,
            lostReason: f.lostReason || null,
          })
        : dealsApi.createDeal({ ...body, pipelineId: pipeline.id });
    },
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: () => dealsApi.deleteDeal(dealId!), onSuccess: () => done() });
  if (!form) return null;
  const patch = (p: Partial<FormState>) => setForm({ ...form, ...p });
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fields.find((f) => f.path === path)?.message : undefined;
  const stage = pipeline.stages.find((s) => s.id === form.stageId);
  const tax = Math.round(form.value * form.taxRate) / 100;
  return (
    <Stack>
      <TextInput
        label={t('deals.dealTitle')}
        value={form.title}
        onChange={(e) => patch({ title: e.currentTarget.value })}
        error={fieldError('title')}
        disabled={!canWrite}
        required
      />
      <Group grow>
        <Select
          label={t('deals.stage')}
          data={pipeline.stages.map((s) => ({ value: s.id, label: s.name }))}
          value={form.stageId}
          onChange={(v) => v && patch({ stageId: v })}
          allowDeselect={false}
          disabled={!canWrite}
          error={fieldError('stageId')}
        />
        <Select
          label={t('deals.owner')}
          data={(members.data ?? [])
            .filter((m) => m.role !== 'viewer')
            .map((m) => ({ value: m.userId, label: m.name }))}
          value={form.ownerId}
          onChange={(v) => patch({ ownerId: v })}
          clearable
          disabled={!canWrite}
          error={fieldError('ownerId')}
        />
      </Group>
      <Group grow>
        <NumberInput
          label={t('deals.value')}
          value={form.value}
          onChange={(v) => patch({ value: Number(v) || 0 })}
          min={0}
          decimalScale={2}
          thousandSeparator=","
          disabled={!canWrite}
          error={fieldError('value')}
        />
        <TextInput
          label={t('deals.currency')}
          value={form.currency}
          onChange={(e) => patch({ currency: e.currentTarget.value.toUpperCase() })}
          maxLength={3}
          disabled={!canWrite}
          error={fieldError('currency')}
        />
        <NumberInput
          label={t('deals.taxRate')}
          value={form.taxRate}
          onChange={(v) => patch({ taxRate: Number(v) || 0 })}
          min={0}
          max={100}
          disabled={!canWrite}
        />
      </Group>
      <Text size="sm" c="dimmed" data-testid="deal-tax">
        {t('deals.tax', {
          value: money(tax, form.currency || 'MXN', language),
          total: money(form.value + tax, form.currency || 'MXN', language),
        })}
      </Text>
      <Group grow>
        <NumberInput
          label={t('deals.probability')}
          description={t('deals.probabilityHint', { value: stage?.probability ?? 0 })}
          value={form.probability ?? ''}
          onChange={(v) => patch({ probability: v === '' ? null : Number(v) })}
          min={0}
          max={100}
          disabled={!canWrite}
        />
        <TextInput
          type="date"
          label={t('deals.expectedClose')}
          value={form.expectedCloseDate}
          onChange={(e) => patch({ expectedCloseDate: e.currentTarget.value })}
          disabled={!canWrite}
          error={fieldError('expectedCloseDate')}
        />
      </Group>
      <Group grow>
        <RecordPicker
          kind="contacts"
          label={t('deals.contact')}
          value={form.contact}
          onChange={(contact) => patch({ contact })}
          disabled={!canWrite}
        />
        <RecordPicker
          kind="companies"
          label={t('deals.company')}
          value={form.company}
          onChange={(company) => patch({ company })}
          disabled={!canWrite}
        />
      </Group>
      <Group grow>
        <Select
          label={t('deals.source')}
          data={(['manual', 'web_form', 'widget', 'conversation', 'import', 'event', 'referral'] as const).map((s) => ({
            value: s,
            label: t(`deals.sources.${s}`),
          }))}
          value={form.source}
          onChange={(v) => v && patch({ source: v })}
          allowDeselect={false}
          disabled={!canWrite}
        />
        <TextInput
          label={t('deals.sourceDetail')}
          value={form.sourceDetail}
          onChange={(e) => patch({ sourceDetail: e.currentTarget.value })}
          disabled={!canWrite}
        />
      </Group>
      {stage?.kind === 'lost' && (
        <TextInput
          label={t('deals.lostReason')}
          value={form.lostReason}
          onChange={(e) => patch({ lostReason: e.currentTarget.value })}
          error={fieldError('lostReason')}
          disabled={!canWrite}
          required
        />
      )}
      <Textarea
        label={t('deals.notes')}
        value={form.notes}
        onChange={(e) => patch({ notes: e.currentTarget.value })}
        autosize
        minRows={2}
        disabled={!canWrite}
      />
      {dealId && deal.data?.status === 'won' && (
        <Group>
          <DealProjectButton dealId={dealId} canWrite={canWrite} />
        </Group>
      )}
      {dealId && <DealQuotes dealId={dealId} canWrite={canWrite} />}
      {dealId && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('tasks.activities')}
          </Text>
          <ContactTasks dealId={dealId} canWrite={canWrite} />
        </Stack>
      )}
      <SaveError
        error={save.error}
        reloadLabel={t('deals.reload')}
        onReload={() => (save.reset(), void deal.refetch())}
      />
      {remove.error && <Alert color="red">{describeError(remove.error)}</Alert>}
      {canWrite && (
        <Group justify="space-between">
          {dealId ? (
            <Button color="red" variant="subtle" onClick={() => remove.mutate()} loading={remove.isPending}>
              {t('deals.delete')}
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={() => onDone()}>
              {t('deals.cancel')}
            </Button>
            <Button onClick={() => save.mutate(form)} loading={save.isPending} disabled={!form.title.trim()}>
              {t('deals.save')}
            </Button>
          </Group>
        </Group>
      )}
    </Stack>
  );
}

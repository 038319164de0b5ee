// The sales pipeline: a Kanban board (drag a card to another stage or place), a list, the deal form and, for admins,
// the pipeline's stages. Every change names the deal's version; a change made over someone else's is refused by the
// server and the console shows theirs.
import './sales-i18n';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Board, DealCard, Pipeline, Stage } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, describeError } from '../../api';
import { can, useSession } from '../../session';
import { DealFigures } from './CustomerDeals';
import { formatMoney as money } from '../../money';
import { DealForm } from './DealForm';
import { LeadFormsPanel } from './LeadFormsPanel';
import { PipelineReportView } from './PipelineReportView';
import { dealsApi, usePipelines } from './api';
import { formatDay, localeOf } from '../../locale';

export function DealsPage() {
  const { t, i18n } = useTranslation();
  const session = useSession().data;
  const canWrite = can(session, 'agent');
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const pipelineId = params.get('pipeline') ?? pipelines.data?.[0]?.id ?? null;
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? null;
  const view = params.get('view') === 'list' ? 'list' : params.get('view') === 'report' ? 'report' : 'board';
  const [mine, setMine] = useState(false);
  const [q, setQ] = useState('');
  // An id, or 'new' while creating one.
  const [open, setOpen] = useState<string | null>(params.get('open'));
  // Opened again from the search while already on this page.
  const asked = params.get('open');
  useEffect(() => {
    if (asked) setOpen(asked);
  }, [asked]);
  const [editingStages, setEditingStages] = useState<Pipeline | 'new' | null>(null);
  const [showForms, setShowForms] = useState(false);
  const set = (key: string, value: string) => setParams((p) => (p.set(key, value), p), { replace: true });

  return (
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
      <Group justify="space-between">
        <Title order={2}>{t('deals.title')}</Title>
        <Group>
          {can(session, 'admin') && pipeline && (
            <Button variant="default" onClick={() => setEditingStages(pipeline)}>
              {t('deals.settings')}
            </Button>
          )}
          {can(session, 'admin') && (
            <Button variant="default" onClick={() => setEditingStages('new')}>
              {t('deals.newPipeline')}
            </Button>
          )}
          {can(session, 'admin') && (
            <Button variant="default" onClick={() => setShowForms(true)}>
              {t('deals.forms.button')}
            </Button>
          )}
          {canWrite && pipeline && <Button onClick={() => setOpen('new')}>{t('deals.add')}</Button>}
        </Group>
      </Group>
      <Group>
        <Select
          label={t('deals.pipeline')}
          data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId}
          onChange={(v) => v && set('pipeline', v)}
          allowDeselect={false}
          w={220}
        />
        <SegmentedControl
          mt={24}
          data={[
            { value: 'board', label: t('deals.board') },
            { value: 'list', label: t('deals.list') },
            { value: 'report', label: t('deals.report.tab') },
          ]}
          value={view}
          onChange={(v) => set('view', v)}
        />
        <TextInput
          mt={24}
          placeholder={t('deals.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={240}
          aria-label={t('deals.search')}
        />
        <Switch mt={24} label={t('deals.mine')} checked={mine} onChange={(e) => setMine(e.currentTarget.checked)} />
      </Group>
      {pipelines.error && <Alert color="red">{describeError(pipelines.error)}</Alert>}
      {pipeline && view === 'board' && (
        <BoardView
          pipeline={pipeline}
          mine={mine}
          q={q}
          canWrite={canWrite}
          onOpen={setOpen}
          onMore={() => set('view', 'list')}
        />
      )}
      {pipeline && view === 'list' && <ListView pipeline={pipeline} mine={mine} q={q} onOpen={setOpen} />}
      {pipeline && view === 'report' && <PipelineReportView pipeline={pipeline} />}
      {pipeline && open && (
        <Modal opened onClose={() => setOpen(null)} title={t('deals.edit')} size="lg">
          <DealForm
            pipeline={pipeline}
            dealId={open === 'new' ? null : open}
            canWrite={canWrite}
            onDone={() => setOpen(null)}
            language={i18n.language}
          />
        </Modal>
      )}
      {showForms && pipelines.data && (
        <Modal opened onClose={() => setShowForms(false)} title={t('deals.forms.button')} size="xl">
          <LeadFormsPanel pipelines={pipelines.data} />
        </Modal>
      )}
      {editingStages && (
        <Modal
          opened
          onClose={() => setEditingStages(null)}
          title={editingStages === 'new' ? t('deals.newPipeline') : t('deals.settings')}
          size="lg"
        >
          <PipelineForm
            pipeline={editingStages === 'new' ? null : editingStages}
            onDone={(saved) => (setEditingStages(null), saved && set('pipeline', saved.id))}
          />
        </Modal>
      )}
    </Stack>
  );
}

function BoardView({
  pipeline,
  mine,
  q,
  canWrite,
  onOpen,
  onMore,
}: {
  pipeline: Pipeline;
  mine: boolean;
  q: string;
  canWrite: boolean;
  onOpen: (id: string) => void;
  onMore: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const search = new URLSearchParams({
    ...(mine ? { ownerId: 'me' } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
  }).toString();
  const key = ['board', pipeline.id, search];
  const board = useQuery({
    queryKey: key,
    queryFn: () => dealsApi.getBoard<Board>(pipeline.id, search),
  });
  const [dragging, setDragging] = useState<DealCard | null>(null);
  const [losing, setLosing] = useState<{ card: DealCard; stageId: string; beforeId: string | null } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const move = useMutation({
    mutationFn: (m: { card: DealCard; stageId: string; beforeId: string | null; lostReason?: string }) =>
      dealsApi.moveDeal(m.card.id, {
        version: m.card.version,
        stageId: m.stageId,
        beforeId: m.beforeId,
        ...(m.lostReason ? { lostReason: m.lostReason } : {}),
      }),
    onSuccess: () => setNotice(null),
    onError: (error) =>
      setNotice(
        error instanceof ApiError && error.code === 'edit_conflict' ? t('deals.conflictMoved') : describeError(error),
      ),
    onSettled: () => void client.invalidateQueries({ queryKey: ['board', pipeline.id] }),
  });
  const drop = (stage: Stage, beforeId: string | null) => (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    // The card named by the drag itself (the state may lag behind a fast drag).
    const id = e.dataTransfer.getData('text/plain');
    const card = (board.data?.columns.flatMap((c) => c.deals) ?? []).find((d) => d.id === id) ?? dragging;
    setDragging(null);
    if (!card || card.id === beforeId) return;
    if (stage.kind === 'lost' && card.stageId !== stage.id) setLosing({ card, stageId: stage.id, beforeId });
    else move.mutate({ card, stageId: stage.id, beforeId });
  };
  const columns = new Map((board.data?.columns ?? []).map((c) => [c.stageId, c]));
  return (
    <Stack>
      {notice && (
        <Alert color="orange" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {board.error && <Alert color="red">{describeError(board.error)}</Alert>}
      {/* The board scrolls sideways: its viewport takes keyboard focus so arrows scroll it (WCAG 2.1.1). */}
      <ScrollArea type="auto" offsetScrollbars viewportProps={{ tabIndex: 0, 'aria-label': t('deals.board') }}>
        <Group align="start" wrap="nowrap" gap="sm" data-testid="deal-board">
          {pipeline.stages.map((stage) => {
            const column = columns.get(stage.id);
            const currency = column?.deals[0]?.currency ?? 'MXN';
            return (
              <Paper
                key={stage.id}
                withBorder
                p="xs"
                w={260}
                miw={260}
                bg="gray.0"
                data-testid={`stage-${stage.name}`}
                onDragOver={(e) => canWrite && e.preventDefault()}
                onDrop={drop(stage, null)}
                mih={300}
              >
                <Stack gap={4} mb="xs">
                  <Group justify="space-between" wrap="nowrap">
                    <Text fw={600} size="sm">
                      {stage.name}
                    </Text>
                    <Badge
                      variant="light"
                      color={stage.kind === 'won' ? 'green' : stage.kind === 'lost' ? 'red' : 'blue'}
                    >
                      {stage.probability} %
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t('deals.count', { count: column?.count ?? 0 })} ·{' '}
                    {money(column?.value ?? 0, currency, i18n.language)} ·{' '}
                    {t('deals.weighted', { value: money(column?.weighted ?? 0, currency, i18n.language) })}
                  </Text>
                </Stack>
                <Stack gap="xs">
                  {column?.deals.map((card) => (
                    <Card
                      key={card.id}
                      withBorder
                      padding="xs"
                      draggable={canWrite}
                      onDragStart={(e) => (e.dataTransfer.setData('text/plain', card.id), setDragging(card))}
                      onDragEnd={() => setDragging(null)}
                      onDragOver={(e) => canWrite && e.preventDefault()}
                      onDrop={drop(stage, card.id)}
                      onClick={() => onOpen(card.id)}
                      style={{ cursor: canWrite ? 'grab' : 'pointer', opacity: dragging?.id === card.id ? 0.5 : 1 }}
                      data-testid="deal-card"
                      aria-label={card.title}
                    >
                      <Text size="sm" fw={500}>
                        {card.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {[card.company?.name, card.contact?.name].filter(Boolean).join(' · ')}
                      </Text>
                      <Group justify="space-between" mt={4}>
                        <Text size="sm">{money(card.value, card.currency, i18n.language)}</Text>
                        <Text size="xs" c="dimmed">
                          {[
                            card.expectedCloseDate && formatDay(card.expectedCloseDate, i18n.language),
                            card.owner?.name,
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </Text>
                      </Group>
                    </Card>
                  ))}
                  {column && column.count > column.deals.length && (
                    <Button variant="subtle" size="xs" onClick={onMore}>
                      {t('deals.more', { count: column.count - column.deals.length })}
                    </Button>
                  )}
                  {column?.count === 0 && (
                    <Text size="xs" c="dimmed" ta="center" py="md">
                      {t('deals.empty')}
                    </Text>
                  )}
                </Stack>
              </Paper>
            );
          })}
        </Group>
      </ScrollArea>
      {losing && (
        <LostReasonModal
          onCancel={() => setLosing(null)}
          onConfirm={(lostReason) => (move.mutate({ ...losing, lostReason }), setLosing(null))}
        />
      )}
    </Stack>
  );
}

function LostReasonModal({ onCancel, onConfirm }: { onCancel: () => void; onConfirm: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Modal opened onClose={onCancel} title={t('deals.lostReasonPrompt')}>
      <Stack>
        <TextInput
          label={t('deals.lostReason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-autofocus
        />
        <Group justify="end">
          <Button variant="default" onClick={onCancel}>
            {t('deals.cancel')}
          </Button>
          <Button disabled={!reason.trim()} onClick={() => onConfirm(reason.trim())}>
            {t('deals.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ListView({
  pipeline,
  mine,
  q,
  onOpen,
}: {
  pipeline: Pipeline;
  mine: boolean;
  q: string;
  onOpen: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const [sort, setSort] = useState<'updated' | 'value' | 'close' | 'board'>('updated');
  const [offset, setOffset] = useState(0);
  const limit = 50;
  useEffect(() => setOffset(0), [mine, q, sort, pipeline.id]);
  const search = new URLSearchParams({
    pipelineId: pipeline.id,
    sort,
    offset: String(offset),
    limit: String(limit),
    ...(mine ? { ownerId: 'me' } : {}),
    ...(q.trim() ? { q: q.trim() } : {}),
  }).toString();
  const page = useQuery({ queryKey: ['deals', search], queryFn: () => dealsApi.listDeals(search) });
  const stages = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  const total = page.data?.total ?? 0;
  return (
    <Stack>
      <Select
        label={t('deals.sort')}
        data={(['updated', 'value', 'close', 'board'] as const).map((s) => ({
          value: s,
          label: t(`deals.sorts.${s}`),
        }))}
        value={sort}
        onChange={(v) => v && setSort(v)}
        allowDeselect={false}
        w={220}
      />
      {page.error && <Alert color="red">{describeError(page.error)}</Alert>}
      <Table striped highlightOnHover data-testid="deal-list">
        <Table.Thead>
          <Table.Tr>
            {(['title', 'stage', 'value', 'close', 'owner', 'updated'] as const).map((c) => (
              <Table.Th key={c}>{t(`deals.columns.${c}`)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {page.data?.items.map((d) => (
            <Table.Tr key={d.id} onClick={() => onOpen(d.id)} style={{ cursor: 'pointer' }}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {d.title}
                </Text>
                <Text size="xs" c="dimmed">
                  {[d.company?.name, d.contact?.name].filter(Boolean).join(' · ')}
                </Text>
              </Table.Td>
              <DealFigures deal={d} stage={stages.get(d.stageId)} />
              <Table.Td>{d.owner?.name ?? t('deals.nobody')}</Table.Td>
              <Table.Td>{new Date(d.updatedAt).toLocaleDateString(localeOf(i18n.language))}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('deals.page', { from: total ? offset + 1 : 0, to: Math.min(total, offset + limit), total })}
        </Text>
        <Group>
          <Button variant="default" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - limit))}>
            {t('deals.previous')}
          </Button>
          <Button variant="default" disabled={offset + limit >= total} onClick={() => setOffset(offset + limit)}>
            {t('deals.next')}
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function PipelineForm({ pipeline, onDone }: { pipeline: Pipeline | null; onDone: (saved?: Pipeline) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [name, setName] = useState(pipeline?.name ?? '');
  const [stages, setStages] = useState<{ id?: string; name: string; kind: Stage['kind']; probability: number }[]>(
    pipeline?.stages.map((s) => ({ id: s.id, name: s.name, kind: s.kind, probability: s.probability })) ?? [
      { name: '', kind: 'open', probability: 20 },
      { name: t('deals.kinds.won'), kind: 'won', probability: 100 },
      { name: t('deals.kinds.lost'), kind: 'lost', probability: 0 },
    ],
  );
  const save = useMutation({
    mutationFn: () =>
      pipeline ? dealsApi.savePipeline(pipeline.id, { name, stages }) : dealsApi.createPipeline({ name, stages }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: ['pipelines'] });
      void client.invalidateQueries({ queryKey: ['board'] });
      onDone(saved);
    },
  });
  const edit = (i: number, p: Partial<(typeof stages)[number]>) =>
    setStages(stages.map((s, j) => (j === i ? { ...s, ...p } : s)));
  const swap = (i: number, j: number) => {
    const next = [...stages];
    [next[i], next[j]] = [next[j]!, next[i]!];
    setStages(next);
  };
  return (
    <Stack>
      <TextInput
        label={t('deals.pipelineName')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        required
      />
      {stages.map((s, i) => (
        <Group key={s.id ?? `new-${i}`} align="end" wrap="nowrap">
          <TextInput
            label={i === 0 ? t('deals.stageName') : undefined}
            value={s.name}
            onChange={(e) => edit(i, { name: e.currentTarget.value })}
            aria-label={t('deals.stageName')}
            style={{ flex: 1 }}
          />
          <Select
            label={i === 0 ? t('deals.kind') : undefined}
            data={(['open', 'won', 'lost'] as const).map((k) => ({ value: k, label: t(`deals.kinds.${k}`) }))}
            value={s.kind}
            onChange={(v) => v && edit(i, { kind: v })}
            allowDeselect={false}
            w={130}
            aria-label={t('deals.kind')}
          />
          <NumberInput
            label={i === 0 ? '%' : undefined}
            value={s.probability}
            onChange={(v) => edit(i, { probability: Number(v) || 0 })}
            min={0}
            max={100}
            w={80}
            aria-label={t('deals.probability')}
          />
          <ActionIcon variant="default" disabled={i === 0} onClick={() => swap(i, i - 1)} aria-label={t('deals.up')}>
            ↑
          </ActionIcon>
          <ActionIcon
            variant="default"
            disabled={i === stages.length - 1}
            onClick={() => swap(i, i + 1)}
            aria-label={t('deals.down')}
          >
            ↓
          </ActionIcon>
          <ActionIcon
            variant="default"
            color="red"
            disabled={stages.length <= 2}
            onClick={() => setStages(stages.filter((_, j) => j !== i))}
            aria-label={t('deals.remove')}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button
        variant="subtle"
        onClick={() =>
          setStages([...stages.slice(0, -2), { name: '', kind: 'open', probability: 50 }, ...stages.slice(-2)])
        }
      >
        {t('deals.addStage')}
      </Button>
      {save.error && <Alert color="red">{describeError(save.error)}</Alert>}
      <Group justify="end">
        <Button variant="default" onClick={() => onDone()}>
          {t('deals.cancel')}
        </Button>
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!name.trim() || stages.some((s) => !s.name.trim())}
        >
          {t('deals.savePipeline')}
        </Button>
      </Group>
    </Stack>
  );
}

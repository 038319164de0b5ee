// Follow-up sequences: when each starts and its steps (admins), contacts enrolled by hand, and the enrollments with
// each step's due date and outcome (anyone may stop one).
import './projects-i18n';
import '../insight-i18n';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { Sequence, SequenceTrigger } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api';
import { can, useSession } from '../../session';
import { RecordPicker } from '../../components/RecordPicker';
import { projectsApi, useSequences } from './api';
import { useSurveys } from '../surveys/api';
import { localeOf } from '../../locale';

type Step = {
  id?: string;
  delayDays: number;
  action: 'task' | 'message' | 'survey';
  title: string;
  body: string;
  taskKind: 'task' | 'call' | 'meeting' | 'email';
  channel: 'preferred' | 'email' | 'whatsapp';
  surveyId: string | null;
};
const TRIGGERS: SequenceTrigger[] = ['deal_won', 'project_delivered', 'incident_resolved', 'customer_lost', 'manual'];

export function SequencesPage() {
  const { t } = useTranslation();
  const session = useSession().data;
  const sequences = useSequences();
  const [editing, setEditing] = useState<Sequence | 'new' | null>(null);
  return (
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
      <Group justify="space-between">
        <Title order={2}>{t('sequences.title')}</Title>
        {can(session, 'admin') && <Button onClick={() => setEditing('new')}>{t('sequences.add')}</Button>}
      </Group>
      <Text size="sm" c="dimmed">
        {t('sequences.intro')}
      </Text>
      {sequences.error && <Alert color="red">{describeError(sequences.error)}</Alert>}
      {sequences.data?.length === 0 && <Text c="dimmed">{t('sequences.none')}</Text>}
      {sequences.data?.map((s) => (
        <SequenceCard
          key={s.id}
          sequence={s}
          onEdit={can(session, 'admin') ? () => setEditing(s) : undefined}
          canWrite={can(session, 'agent')}
        />
      ))}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title={t('sequences.title')} size="xl">
          <SequenceForm sequence={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        </Modal>
      )}
    </Stack>
  );
}

function SequenceCard({ sequence, onEdit, canWrite }: { sequence: Sequence; onEdit?: () => void; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [showing, setShowing] = useState(false);
  const [contact, setContact] = useState<{ id: string; name: string } | null>(null);
  const enrollments = useQuery({
    queryKey: ['enrollments', sequence.id],
    queryFn: () => projectsApi.listSequenceEnrollments(sequence.id),
    enabled: showing,
  });
  const refresh = () => (
    void client.invalidateQueries({ queryKey: ['enrollments', sequence.id] }),
    void client.invalidateQueries({ queryKey: ['sequences'] })
  );
  const enroll = useMutation({
    mutationFn: () => projectsApi.enrollInSequence(sequence.id, { contactIds: [contact!.id] }),
    onSuccess: () => (setContact(null), setShowing(true), refresh()),
  });
  const stop = useMutation({
    mutationFn: (id: string) => projectsApi.stopSequenceEnrollment(id),
    onSuccess: refresh,
  });
  return (
    <Card withBorder data-testid="sequence">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>{sequence.name}</Text>
            <Badge variant="light">{t(`sequences.triggers.${sequence.trigger}`)}</Badge>
            {!sequence.enabled && <Badge color="gray">{t('sequences.status.stopped')}</Badge>}
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('sequences.running', { active: sequence.active, completed: sequence.completed })}
            </Text>
            <Button size="xs" variant="subtle" onClick={() => setShowing(!showing)}>
              {t('sequences.enrollments')}
            </Button>
            {onEdit && (
              <Button size="xs" variant="light" onClick={onEdit}>
                {t('sequences.save')}
              </Button>
            )}
          </Group>
        </Group>
        <Text size="sm">
          {sequence.steps
            .map(
              (s) =>
                `${t('sequences.day')} ${s.delayDays}: ${s.action === 'task' ? s.title : s.action === 'message' ? `${t('sequences.actions.message')} (${t(`sequences.channels.${s.channel}`)})` : t('sequences.actions.survey')}`,
            )
            .join(' → ')}
        </Text>
        {canWrite && sequence.trigger === 'manual' && (
          <Group align="end">
            <RecordPicker
              kind="contacts"
              label={t('sequences.enrollContact')}
              value={contact}
              onChange={setContact}
              disabled={false}
            />
            <Button onClick={() => enroll.mutate()} disabled={!contact} loading={enroll.isPending}>
              {t('sequences.enroll')}
            </Button>
          </Group>
        )}
        {(enroll.error || stop.error) && <Alert color="red">{describeError(enroll.error ?? stop.error)}</Alert>}
        {showing && enrollments.data && (
          <Table data-testid="enrollments">
            <Table.Tbody>
              {enrollments.data.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.contact.name}</Table.Td>
                  <Table.Td>
                    <Badge
                      variant="light"
                      color={e.status === 'active' ? 'blue' : e.status === 'done' ? 'teal' : 'gray'}
                    >
                      {t(`sequences.status.${e.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {e.actions.map((a) => (
                      <Text key={a.stepId} size="xs">
                        {new Date(a.dueAt).toLocaleDateString(localeOf(i18n.language))} ·{' '}
                        {t(`sequences.status.${a.status}`)}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {canWrite && e.status === 'active' && (
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => stop.mutate(e.id)}>
                        {t('sequences.stop')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function SequenceForm({ sequence, onDone }: { sequence: Sequence | null; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const surveys = useSurveys();
  const [name, setName] = useState(sequence?.name ?? '');
  const [trigger, setTrigger] = useState<SequenceTrigger>(sequence?.trigger ?? 'deal_won');
  const [enabled, setEnabled] = useState(sequence?.enabled ?? true);
  const [steps, setSteps] = useState<Step[]>(
    sequence?.steps.map((s) => ({ ...s })) ?? [
      { delayDays: 3, action: 'task', title: '', body: '', taskKind: 'call', channel: 'preferred', surveyId: null },
    ],
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name,
        enabled,
        steps: steps.map((s) => ({ ...s, surveyId: s.action === 'survey' ? s.surveyId : null })),
      };
      return sequence
        ? projectsApi.updateSequence(sequence.id, body)
        : projectsApi.createSequence({ ...body, trigger });
    },
    onSuccess: () => (void client.invalidateQueries({ queryKey: ['sequences'] }), onDone()),
  });
  const remove = useMutation({
    mutationFn: () => projectsApi.deleteSequence(sequence!.id),
    onSuccess: () => (void client.invalidateQueries({ queryKey: ['sequences'] }), onDone()),
  });
  const set = (i: number, patch: Partial<Step>) => setSteps(steps.map((s, k) => (k === i ? { ...s, ...patch } : s)));
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fields.find((f) => f.path === path)?.message : undefined;
  return (
    <Stack>
      <Group grow align="end">
        <TextInput
          label={t('sequences.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
        />
        <Select
          label={t('sequences.trigger')}
          data={TRIGGERS.map((x) => ({ value: x, label: t(`sequences.triggers.${x}`) }))}
          value={trigger}
          onChange={(v) => v && setTrigger(v)}
          allowDeselect={false}
          disabled={Boolean(sequence)}
        />
        <Switch
          label={t('sequences.enabled')}
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
      </Group>
      <Text fw={600} size="sm">
        {t('sequences.steps')}
      </Text>
      {steps.map((s, i) => (
        <Card key={i} withBorder p="xs" data-testid="sequence-step">
          <Group align="end" grow>
            <NumberInput
              label={t('sequences.day')}
              value={s.delayDays}
              onChange={(v) => set(i, { delayDays: Number(v) || 0 })}
              min={0}
              max={3650}
              w={90}
            />
            <Select
              label={t('sequences.action')}
              data={(['task', 'message', 'survey'] as const).map((a) => ({
                value: a,
                label: t(`sequences.actions.${a}`),
              }))}
              value={s.action}
              onChange={(v) => v && set(i, { action: v })}
              allowDeselect={false}
            />
            {s.action === 'task' && (
              <Select
                label={t('sequences.taskKind')}
                data={(['call', 'meeting', 'email', 'task'] as const).map((k) => ({
                  value: k,
                  label: t(`tasks.kinds.${k}`),
                }))}
                value={s.taskKind}
                onChange={(v) => v && set(i, { taskKind: v })}
                allowDeselect={false}
              />
            )}
            {s.action !== 'task' && (
              <Select
                label={t('sequences.channel')}
                data={(['preferred', 'email', 'whatsapp'] as const).map((c) => ({
                  value: c,
                  label: t(`sequences.channels.${c}`),
                }))}
                value={s.channel}
                onChange={(v) => v && set(i, { channel: v })}
                allowDeselect={false}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('sequences.removeStep')}
              onClick={() => setSteps(steps.filter((_, k) => k !== i))}
              disabled={steps.length === 1}
            >
              ×
            </ActionIcon>
          </Group>
          {s.action !== 'survey' && (
            <TextInput
              mt="xs"
              label={t('sequences.stepTitle')}
              value={s.title}
              onChange={(e) => set(i, { title: e.currentTarget.value })}
              error={fieldError(`steps.${i}.title`)}
            />
          )}
          {s.action === 'message' && (
            <Textarea
              mt="xs"
              label={t('sequences.body', {
                name: '{{name}}',
                company: '{{company}}',
                interpolation: { escapeValue: false },
              })}
              value={s.body}
              onChange={(e) => set(i, { body: e.currentTarget.value })}
              autosize
              minRows={2}
              error={fieldError(`steps.${i}.body`)}
            />
          )}
          {s.action === 'survey' && (
            <Select
              mt="xs"
              label={t('sequences.survey')}
              data={(surveys.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              value={s.surveyId}
              onChange={(v) => set(i, { surveyId: v })}
              error={fieldError(`steps.${i}.surveyId`)}
            />
          )}
        </Card>
      ))}
      <Group>
        <Button
          variant="light"
          onClick={() =>
            setSteps([
              ...steps,
              {
                delayDays: (steps.at(-1)?.delayDays ?? 0) + 7,
                action: 'task',
                title: '',
                body: '',
                taskKind: 'call',
                channel: 'preferred',
                surveyId: null,
              },
            ])
          }
        >
          {t('sequences.addStep')}
        </Button>
      </Group>
      {(save.error || remove.error) && <Alert color="red">{describeError(save.error ?? remove.error)}</Alert>}
      <Group justify="space-between">
        {sequence ? (
          <Button color="red" variant="subtle" onClick={() => remove.mutate()}>
            {t('sequences.delete')}
          </Button>
        ) : (
          <span />
        )}
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
          {t('sequences.save')}
        </Button>
      </Group>
    </Stack>
  );
}

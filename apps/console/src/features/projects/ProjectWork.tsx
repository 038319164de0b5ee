// A project's work: its tasks, scheduled in working days and worked with the timer, and the time clocked against the
// estimate.
import './projects-i18n';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { Project } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { hours } from './ProjectsPage';
import { useTimer } from './TimerBar';
import { useMembers } from '../settings/api';
import { projectsApi, useProjectChange } from './api';
import { localeOf } from '../../locale';

export function TasksCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const changed = useProjectChange(project.id);
  const members = useMembers();
  const { timer, act } = useTimer();
  const [draft, setDraft] = useState({
    title: '',
    assigneeId: null as string | null,
    startDate: '',
    workingDays: '' as number | '',
    estimateHours: '' as number | '',
  });
  const add = useMutation({
    mutationFn: () =>
      projectsApi.createProjectTask(project.id, {
        title: draft.title,
        assigneeId: draft.assigneeId,
        startDate: draft.startDate || null,
        workingDays: draft.workingDays === '' ? null : draft.workingDays,
        estimateMinutes: draft.estimateHours === '' ? null : Math.round(draft.estimateHours * 60),
      }),
    onSuccess: (p) => (
      changed(p),
      setDraft({ title: '', assigneeId: null, startDate: '', workingDays: '', estimateHours: '' })
    ),
  });
  const update = useMutation({
    mutationFn: ({ taskId, body }: { taskId: string; body: unknown }) =>
      projectsApi.updateProjectTask(project.id, taskId, body),
    onSuccess: changed,
  });
  const remove = useMutation({
    mutationFn: (taskId: string) => projectsApi.deleteProjectTask(project.id, taskId),
    onSuccess: changed,
  });
  const day = (d: string | null) =>
    d
      ? new Date(`${d}T12:00:00`).toLocaleDateString(localeOf(i18n.language), {
          weekday: 'short',
          day: 'numeric',
          month: 'short',
        })
      : '—';
  const agents = (members.data ?? [])
    .filter((m) => m.role !== 'viewer')
    .map((m) => ({ value: m.userId, label: m.name }));
  const runningTask = timer.data?.state === 'running' ? timer.data.task?.id : null;
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('projects.tasks.title')}</Title>
        {project.tasks.length === 0 && (
          <Text c="dimmed" size="sm">
            {t('projects.tasks.empty')}
          </Text>
        )}
        {project.tasks.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('projects.tasks.done')}</Table.Th>
                <Table.Th>{t('projects.tasks.name')}</Table.Th>
                <Table.Th>{t('projects.tasks.assignee')}</Table.Th>
                <Table.Th>{t('projects.tasks.start')}</Table.Th>
                <Table.Th>{t('projects.tasks.due')}</Table.Th>
                <Table.Th>{t('projects.tasks.actual')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {project.tasks.map((task) => (
                <Table.Tr key={task.id} data-testid="project-task">
                  <Table.Td>
                    <Checkbox
                      aria-label={t('projects.tasks.done')}
                      checked={task.status === 'done'}
                      disabled={!canWrite}
                      onChange={(e) =>
                        update.mutate({ taskId: task.id, body: { status: e.currentTarget.checked ? 'done' : 'doing' } })
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{task.title}</Text>
                    <Text size="xs" c="dimmed">
                      {t(`projects.taskStatus.${task.status}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label={t('projects.tasks.assignee')}
                      data={agents}
                      value={task.assignee?.id ?? null}
                      onChange={(v) => update.mutate({ taskId: task.id, body: { assigneeId: v } })}
                      clearable
                      disabled={!canWrite}
                      w={150}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{day(task.startDate)}</Text>
                    {task.workingDays && (
                      <Text size="xs" c="dimmed">
                        {t('projects.tasks.daysCount', { count: task.workingDays })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Text size="sm" data-testid="task-due">
                        {day(task.dueDate)}
                      </Text>
                      {task.late && (
                        <Badge color="red" size="xs">
                          {t('projects.late')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" data-testid="task-hours">
                      {hours(task.actualMinutes)} / {task.estimateMinutes === null ? '—' : hours(task.estimateMinutes)}{' '}
                      h
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {canWrite && task.status !== 'done' && runningTask !== task.id && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          onClick={() =>
                            act.mutate({ action: 'start', body: { projectId: project.id, taskId: task.id } })
                          }
                        >
                          {t('projects.timer.start')}
                        </Button>
                      )}
                      {canWrite && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('projects.tasks.remove')}
                          onClick={() => remove.mutate(task.id)}
                        >
                          ×
                        </ActionIcon>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {(add.error || update.error || remove.error || act.error) && (
          <Alert color="red">{describeError(add.error ?? update.error ?? remove.error ?? act.error)}</Alert>
        )}
        {canWrite && (
          <Stack gap="xs">
            <Group align="end" grow>
              <TextInput
                label={t('projects.tasks.name')}
                value={draft.title}
                onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
              />
              <Select
                label={t('projects.tasks.assignee')}
                data={agents}
                value={draft.assigneeId}
                onChange={(v) => setDraft({ ...draft, assigneeId: v })}
                clearable
              />
            </Group>
            <Group align="end" grow>
              <TextInput
                type="date"
                label={t('projects.tasks.start')}
                value={draft.startDate}
                onChange={(e) => setDraft({ ...draft, startDate: e.currentTarget.value })}
              />
              <NumberInput
                label={t('projects.tasks.days')}
                value={draft.workingDays}
                onChange={(v) => setDraft({ ...draft, workingDays: v === '' ? '' : Number(v) })}
                min={1}
                max={1000}
              />
              <NumberInput
                label={t('projects.tasks.estimate')}
                value={draft.estimateHours}
                onChange={(v) => setDraft({ ...draft, estimateHours: v === '' ? '' : Number(v) })}
                min={0}
                decimalScale={1}
              />
              <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!draft.title.trim()}>
                {t('projects.tasks.add')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t('projects.tasks.scheduleHint')}
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

export function TimeCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const spans = useQuery({
    queryKey: ['project-time', project.id, project.actualMinutes, project.updatedAt],
    queryFn: () => projectsApi.listProjectTime(project.id),
  });
  const [log, setLog] = useState({
    taskId: null as string | null,
    startedAt: '',
    minutes: '' as number | '',
    note: '',
  });
  const add = useMutation({
    mutationFn: () =>
      projectsApi.logProjectTime(project.id, {
        taskId: log.taskId,
        startedAt: new Date(log.startedAt).toISOString(),
        minutes: log.minutes,
        note: log.note || undefined,
      }),
    onSuccess: () => {
      setLog({ taskId: null, startedAt: '', minutes: '', note: '' });
      void client.invalidateQueries({ queryKey: ['project', project.id] });
      void client.invalidateQueries({ queryKey: ['project-time', project.id] });
    },
  });
  const taskName = (id: string | null) =>
    project.tasks.find((task) => task.id === id)?.title ?? t('projects.timer.noTask');
  return (
    <Card withBorder>
      <Stack>
        <Title order={4}>{t('projects.timer.spans')}</Title>
        <Text size="sm" data-testid="project-hours">
          {t('projects.fields.hours')}: {hours(project.actualMinutes)} / {hours(project.estimateMinutes)}
        </Text>
        {(spans.data ?? []).slice(0, 20).map((s) => (
          <Group key={s.id} justify="space-between" data-testid="time-span">
            <Text size="sm">
              {new Date(s.startedAt).toLocaleString(localeOf(i18n.language), {
                dateStyle: 'short',
                timeStyle: 'short',
              })}{' '}
              · {s.user.name} · {taskName(s.taskId)}
            </Text>
            <Text size="sm">
              {s.minutes} min{s.endedAt === null ? ' ⏱' : ''}
              {s.pauseReason
                ? ` · ${t('projects.timer.pausedFor', { reason: t(`projects.timer.reasons.${s.pauseReason}`) })}`
                : ''}
            </Text>
          </Group>
        ))}
        {canWrite && (
          <Group align="end" grow>
            <Select
              label={t('projects.tasks.name')}
              data={project.tasks.map((task) => ({ value: task.id, label: task.title }))}
              value={log.taskId}
              onChange={(v) => setLog({ ...log, taskId: v })}
              clearable
            />
            <TextInput
              type="datetime-local"
              label={t('projects.timer.logWhen')}
              value={log.startedAt}
              onChange={(e) => setLog({ ...log, startedAt: e.currentTarget.value })}
            />
            <NumberInput
              label={t('projects.timer.logMinutes')}
              value={log.minutes}
              onChange={(v) => setLog({ ...log, minutes: v === '' ? '' : Number(v) })}
              min={1}
              max={1440}
            />
            <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!log.startedAt || !log.minutes}>
              {t('projects.timer.log')}
            </Button>
          </Group>
        )}
        {add.error && <Alert color="red">{describeError(add.error)}</Alert>}
      </Stack>
    </Card>
  );
}

// A contact's follow-ups (the ones people add and the ones unhappy survey answers create) or a deal's activities
// (calls, meetings, emails, tasks with a due date); done with one click.
import '../insight-i18n';
import { Alert, Badge, Button, Checkbox, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Task } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { tasksApi } from './api';
import { localeOf } from '../../locale';

export function ContactTasks({
  contactId,
  dealId,
  canWrite,
}: {
  contactId?: string;
  dealId?: string;
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const filter = dealId ? `dealId=${dealId}` : `contactId=${contactId}`;
  const key = ['tasks', filter];
  const tasks = useQuery({ queryKey: key, queryFn: () => tasksApi.listTasks(filter) });
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<Task['kind']>('call');
  const [due, setDue] = useState('');
  const refresh = () => void client.invalidateQueries({ queryKey: ['tasks'] });
  const add = useMutation({
    mutationFn: () =>
      tasksApi.createTask(
        dealId ? { title, dealId, kind, ...(due ? { dueAt: new Date(due).toISOString() } : {}) } : { title, contactId },
      ),
    onSuccess: () => (setTitle(''), setDue(''), refresh()),
  });
  const toggle = useMutation({
    mutationFn: (task: Task) => tasksApi.updateTask(task.id, { status: task.status === 'done' ? 'open' : 'done' }),
    onSuccess: refresh,
  });
  return (
    <Stack data-testid="contact-tasks">
      {tasks.data?.length === 0 && (
        <Text c="dimmed" size="sm">
          {t('tasks.none')}
        </Text>
      )}
      {tasks.data?.map((task) => (
        <Group key={task.id} justify="space-between" wrap="nowrap">
          <Checkbox
            disabled={!canWrite}
            checked={task.status === 'done'}
            onChange={() => toggle.mutate(task)}
            label={
              <Stack gap={0}>
                <Text size="sm" td={task.status === 'done' ? 'line-through' : undefined}>
                  {task.kind !== 'task' && (
                    <Badge size="xs" variant="light" mr={6}>
                      {t(`tasks.kinds.${task.kind}`)}
                    </Badge>
                  )}
                  {task.title}
                  {task.status === 'open' && task.dueAt && Date.parse(task.dueAt) < Date.now() && (
                    <Badge size="xs" color="red" ml={6}>
                      {t('tasks.overdue')}
                    </Badge>
                  )}
                </Text>
                <Text size="xs" c="dimmed">
                  {[
                    task.body,
                    task.assignee ? `${t('tasks.assignee')}: ${task.assignee.name}` : null,
                    task.dueAt
                      ? `${t('tasks.due')}: ${new Date(task.dueAt).toLocaleDateString(localeOf(i18n.language))}`
                      : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
              </Stack>
            }
          />
          {task.source?.type === 'survey_response' && (
            <Badge size="xs" variant="light" color="orange">
              {t('tasks.fromSurvey')}
            </Badge>
          )}
        </Group>
      ))}
      {canWrite && (
        <Group align="end">
          {dealId && (
            <Select
              label={t('tasks.kind')}
              data={(['call', 'meeting', 'email', 'task'] as const).map((k) => ({
                value: k,
                label: t(`tasks.kinds.${k}`),
              }))}
              value={kind}
              onChange={(v) => v && setKind(v)}
              allowDeselect={false}
              w={130}
            />
          )}
          <TextInput
            label={t('tasks.what')}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            w={dealId ? 260 : 360}
          />
          {dealId && (
            <TextInput
              type="datetime-local"
              label={t('tasks.due')}
              value={due}
              onChange={(e) => setDue(e.currentTarget.value)}
              w={200}
            />
          )}
          <Button disabled={!title.trim()} loading={add.isPending} onClick={() => add.mutate()}>
            {dealId ? t('tasks.addActivity') : t('tasks.add')}
          </Button>
        </Group>
      )}
      {(add.error || toggle.error) && <Alert color="red">{describeError(add.error ?? toggle.error)}</Alert>}
    </Stack>
  );
}

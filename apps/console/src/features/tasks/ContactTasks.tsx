// A contact's follow-ups: the ones people add and the ones unhappy survey answers create; done with one click.
import '../insight-i18n';
import { Alert, Badge, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import type { Task } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, describeError } from '../../api';

export function ContactTasks({ contactId, canWrite }: { contactId: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['tasks', contactId];
  const tasks = useQuery({ queryKey: key, queryFn: () => api<Task[]>('GET', `/api/tasks?contactId=${contactId}`) });
  const [title, setTitle] = useState('');
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const add = useMutation({ mutationFn: () => api<Task>('POST', '/api/tasks', { title, contactId }), onSuccess: () => (setTitle(''), refresh()) });
  const toggle = useMutation({ mutationFn: (task: Task) => api<Task>('PATCH', `/api/tasks/${task.id}`, { status: task.status === 'done' ? 'open' : 'done' }), onSuccess: refresh });
  return (
    <Stack data-testid="contact-tasks">
      {tasks.data?.length === 0 && <Text c="dimmed" size="sm">{t('tasks.none')}</Text>}
      {tasks.data?.map((task) => (
        <Group key={task.id} justify="space-between" wrap="nowrap">
          <Checkbox
            disabled={!canWrite}
            checked={task.status === 'done'}
            onChange={() => toggle.mutate(task)}
            label={
              <Stack gap={0}>
                <Text size="sm" td={task.status === 'done' ? 'line-through' : undefined}>{task.title}</Text>
                <Text size="xs" c="dimmed">
                  {[task.body, task.assignee ? `${t('tasks.assignee')}: ${task.assignee.name}` : null, task.dueAt ? `${t('tasks.due')}: ${new Date(task.dueAt).toLocaleDateString(i18n.language)}` : null].filter(Boolean).join(' · ')}
                </Text>
              </Stack>
            }
          />
          {task.source?.type === 'survey_response' && <Badge size="xs" variant="light" color="orange">{t('tasks.fromSurvey')}</Badge>}
        </Group>
      ))}
      {canWrite && (
        <Group align="end">
          <TextInput label={t('tasks.what')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} w={360} />
          <Button disabled={!title.trim()} loading={add.isPending} onClick={() => add.mutate()}>{t('tasks.add')}</Button>
        </Group>
      )}
      {(add.error || toggle.error) && <Alert color="red">{describeError(add.error ?? toggle.error)}</Alert>}
    </Stack>
  );
}

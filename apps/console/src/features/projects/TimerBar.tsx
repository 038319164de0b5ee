// The signed-in person's timer: what it runs on, and pause (saying why), resume and stop. One clock per person; starting
// it on another task stops this one.
import './projects-i18n';
import { Alert, Button, Group, Paper, Select, Text } from '@mantine/core';
import type { PauseReason } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { can, useSession } from '../../session';
import { projectsApi } from './api';

export function useTimer() {
  const session = useSession().data;
  const client = useQueryClient();
  const timer = useQuery({
    queryKey: ['timer'],
    queryFn: () => projectsApi.getTimer(),
    enabled: can(session, 'agent'),
    refetchInterval: 60_000,
  });
  const act = useMutation({
    mutationFn: ({ action, body }: { action: 'start' | 'pause' | 'resume' | 'stop'; body?: unknown }) =>
      projectsApi.updateTimer(action, body ?? {}),
    onSuccess: (next) => {
      client.setQueryData(['timer'], next);
      void client.invalidateQueries({ queryKey: ['project'] });
      void client.invalidateQueries({ queryKey: ['projects'] });
    },
  });
  return { timer, act };
}

export function TimerBar() {
  const { t } = useTranslation();
  const { timer, act } = useTimer();
  const [reason, setReason] = useState<PauseReason>('setback');
  const state = timer.data;
  if (!state || state.state === 'none') return act.error ? <Alert color="red">{describeError(act.error)}</Alert> : null;
  const what = {
    task: state.task?.title ?? t('projects.timer.noTask'),
    project: `${state.project?.reference} ${state.project?.title}`,
    minutes: state.todayMinutes,
  };
  return (
    <Paper withBorder p="xs" bg={state.state === 'running' ? 'blue.0' : 'yellow.0'} data-testid="timer-bar">
      <Group justify="space-between">
        <Text size="sm">
          {state.project && (
            <Link to={`/projects/${state.project.id}`}>
              {t(state.state === 'running' ? 'projects.timer.running' : 'projects.timer.paused', what)}
            </Link>
          )}
        </Text>
        <Group gap="xs">
          {state.state === 'running' ? (
            <>
              <Select
                size="xs"
                aria-label={t('projects.timer.reason')}
                data={(['setback', 'non_working_day', 'other'] as const).map((r) => ({
                  value: r,
                  label: t(`projects.timer.reasons.${r}`),
                }))}
                value={reason}
                onChange={(v) => v && setReason(v)}
                allowDeselect={false}
                w={170}
              />
              <Button
                size="xs"
                variant="light"
                onClick={() => act.mutate({ action: 'pause', body: { reason } })}
                loading={act.isPending}
              >
                {t('projects.timer.pause')}
              </Button>
            </>
          ) : (
            <Button size="xs" variant="light" onClick={() => act.mutate({ action: 'resume' })} loading={act.isPending}>
              {t('projects.timer.resume')}
            </Button>
          )}
          <Button
            size="xs"
            color="red"
            variant="light"
            onClick={() => act.mutate({ action: 'stop' })}
            loading={act.isPending}
          >
            {t('projects.timer.stop')}
          </Button>
        </Group>
      </Group>
      {act.error && (
        <Alert color="red" mt="xs">
          {describeError(act.error)}
        </Alert>
      )}
    </Paper>
  );
}

// Problems: the recurring causes behind incidents, grouping suggestions, solving with a verification, escalation to
// the product team, and telling the affected customers in one action.
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { GroupingSuggestion, Problem } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { can, useSession } from '../../session';
import { incidentsApi, incidentsFiles, useProblems } from './api';
import { localeOf } from '../../locale';

type Suggestion = GroupingSuggestion;
const statusColor = { investigating: 'yellow', fix_in_progress: 'blue', solved: 'teal' } as const;
const escalations = ['none', 'escalated', 'accepted', 'fixed', 'wont_fix'] as const;

export function ProblemsPanel() {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const problems = useProblems();
  const suggestions = useQuery({
    queryKey: ['incidents', 'grouping'],
    queryFn: () => incidentsApi.listGroupingSuggestions<Suggestion[]>(),
  });
  const [editing, setEditing] = useState<Problem | 'new' | null>(null);
  const [seed, setSeed] = useState<Suggestion | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['problems'] });
    void client.invalidateQueries({ queryKey: ['incidents'] });
  };
  const link = useMutation({
    mutationFn: (s: Suggestion) =>
      incidentsApi.linkProblemIncidents(s.problem!.id, { incidentIds: s.incidents.map((i) => i.id) }),
    onSuccess: refresh,
  });
  const canWrite = can(session, 'agent');
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('problems.intro')}
        </Text>
        <Group gap="xs">
          <Button component="a" href={incidentsFiles.escalationsCsv} size="xs" variant="default">
            {t('problems.exportEscalations')}
          </Button>
          {canWrite && (
            <Button
              size="xs"
              onClick={() => {
                setSeed(null);
                setEditing('new');
              }}
            >
              {t('problems.new')}
            </Button>
          )}
        </Group>
      </Group>
      {(suggestions.data?.length ?? 0) > 0 && (
        <Paper withBorder p="md" bg="yellow.0" data-testid="grouping">
          <Title order={6}>{t('problems.suggestions')}</Title>
          <Stack gap="sm" mt="xs">
            {suggestions.data!.map((s) => (
              <Stack key={s.incidents.map((i) => i.id).join()} gap={2}>
                <Text size="sm">{s.incidents.map((i) => `#${i.number} ${i.summary}`).join(' · ')}</Text>
                <Group gap="xs">
                  <Text size="xs" c="dimmed">
                    {t('problems.why', { words: s.sharedWords.join(', '), similarity: Math.round(s.similarity * 100) })}
                  </Text>
                  {canWrite && s.problem && (
                    <Button size="compact-xs" variant="light" loading={link.isPending} onClick={() => link.mutate(s)}>
                      {t('problems.linkTo', { number: s.problem.number, title: s.problem.title })}
                    </Button>
                  )}
                  {canWrite && (
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => {
                        setSeed(s);
                        setEditing('new');
                      }}
                    >
                      {t('problems.groupAsNew')}
                    </Button>
                  )}
                </Group>
              </Stack>
            ))}
          </Stack>
        </Paper>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('problems.new') : t('customers.edit')}
        size="lg"
      >
        {editing && (
          <ProblemForm
            problem={editing === 'new' ? undefined : editing}
            seed={seed}
            onDone={() => {
              setEditing(null);
              refresh();
            }}
          />
        )}
      </Modal>
      {problems.data?.map((p) => (
        <Paper key={p.id} withBorder p="md" data-testid="problem">
          <Group justify="space-between" align="flex-start">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={600}>
                  #{p.number} {p.title}
                </Text>
                <Badge color={statusColor[p.status]} variant="light">
                  {t(`problems.statuses.${p.status}`)}
                </Badge>
                {p.escalationStatus !== 'none' && (
                  <Badge color="grape" variant="outline">
                    {t(`problems.escalations.${p.escalationStatus}`)}
                    {p.escalationReference ? ` · ${p.escalationReference}` : ''}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {t('problems.counts', { incidents: p.incidents, open: p.openIncidents, customers: p.customers })}
                {p.owner ? ` · ${p.owner.name}` : ''}
              </Text>
              {p.correctiveAction && (
                <Text size="sm">
                  <b>{t('problems.correctiveAction')}:</b> {p.correctiveAction}
                </Text>
              )}
              {p.verification && (
                <Text size="sm">
                  <b>{t('problems.verification')}:</b> {p.verification}
                </Text>
              )}
              {p.customersNotifiedAt && (
                <Text size="xs" c="dimmed">
                  {t('problems.notifiedAt', {
                    at: new Date(p.customersNotifiedAt).toLocaleString(localeOf(i18n.language)),
                  })}
                </Text>
              )}
            </Stack>
            {canWrite && (
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="light"
                  onClick={() => {
                    setSeed(null);
                    setEditing(p);
                  }}
                >
                  {t('customers.edit')}
                </Button>
                {p.status === 'solved' && <NotifyButton problem={p} />}
              </Group>
            )}
          </Group>
        </Paper>
      ))}
      {problems.data?.length === 0 && <Text c="dimmed">{t('problems.none')}</Text>}
    </Stack>
  );
}

function ProblemForm({ problem, seed, onDone }: { problem?: Problem; seed: Suggestion | null; onDone: () => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(problem?.title ?? (seed ? seed.sharedWords.join(' ') : ''));
  const [description, setDescription] = useState(problem?.description ?? '');
  const [status, setStatus] = useState<string>(problem?.status ?? 'investigating');
  const [correctiveAction, setCorrectiveAction] = useState(problem?.correctiveAction ?? '');
  const [verification, setVerification] = useState(problem?.verification ?? '');
  const [escalationStatus, setEscalation] = useState<string>(problem?.escalationStatus ?? 'none');
  const [escalationReference, setReference] = useState(problem?.escalationReference ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = {
        title,
        description,
        correctiveAction,
        verification,
        escalationStatus,
        escalationReference: escalationReference || null,
      };
      return problem
        ? incidentsApi.updateProblem(problem.id, { ...body, status })
        : incidentsApi.createProblem({ ...body, incidentIds: seed?.incidents.map((i) => i.id) ?? [] });
    },
    onSuccess: onDone,
  });
  const error = describeError(save.error);
  return (
    <Stack gap="sm">
      {error && <Alert color="red">{error}</Alert>}
      {seed && (
        <Text size="sm" c="dimmed">
          {t('problems.willLink', { count: seed.incidents.length })}
        </Text>
      )}
      <TextInput
        label={t('problems.titleLabel')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
      />
      <Textarea
        label={t('problems.description')}
        autosize
        minRows={2}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
      />
      {problem && (
        <Select
          label={t('problems.status')}
          data={(['investigating', 'fix_in_progress', 'solved'] as const).map((s) => ({
            value: s,
            label: t(`problems.statuses.${s}`),
          }))}
          value={status}
          onChange={(v) => setStatus(v ?? status)}
          allowDeselect={false}
        />
      )}
      <Textarea
        label={t('problems.correctiveAction')}
        autosize
        minRows={2}
        value={correctiveAction}
        onChange={(e) => setCorrectiveAction(e.currentTarget.value)}
      />
      <Textarea
        label={t('problems.verification')}
        description={t('problems.verificationHelp')}
        autosize
        minRows={1}
        value={verification}
        onChange={(e) => setVerification(e.currentTarget.value)}
      />
      <Group grow>
        <Select
          label={t('problems.escalation')}
          data={escalations.map((s) => ({ value: s, label: t(`problems.escalations.${s}`) }))}
          value={escalationStatus}
          onChange={(v) => setEscalation(v ?? 'none')}
          allowDeselect={false}
        />
        <TextInput
          label={t('problems.reference')}
          placeholder="JIRA-123"
          value={escalationReference}
          onChange={(e) => setReference(e.currentTarget.value)}
        />
      </Group>
      <Group justify="flex-end">
        <Button loading={save.isPending} disabled={!title.trim()} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function NotifyButton({ problem }: { problem: Problem }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState(t('problems.defaultMessage', { title: problem.title }));
  const notify = useMutation({
    mutationFn: () => incidentsApi.notifyProblem(problem.id, { message }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['problems'] }),
  });
  return (
    <>
      <Button size="xs" color="teal" onClick={() => setOpen(true)}>
        {t('problems.notify')}
      </Button>
      <Modal
        opened={open}
        onClose={() => {
          setOpen(false);
          notify.reset();
        }}
        title={t('problems.notify')}
      >
        <Stack>
          <Text size="sm" c="dimmed">
            {t('problems.notifyHelp', { count: problem.customers })}
          </Text>
          <Textarea
            autosize
            minRows={3}
            value={message}
            onChange={(e) => setMessage(e.currentTarget.value)}
            aria-label={t('problems.message')}
          />
          {notify.data && (
            <Alert color="teal" data-testid="notified">
              {t('problems.notifiedCount', { count: notify.data.notified })}
              {notify.data.skipped.map((s) => (
                <Text key={s.incidentNumber} size="sm">
                  #{s.incidentNumber}: {t(`problems.skip.${s.reason}`, { defaultValue: s.reason })}
                </Text>
              ))}
            </Alert>
          )}
          {notify.error && <Alert color="red">{notify.error.message}</Alert>}
          <Group justify="flex-end">
            <Button
              loading={notify.isPending}
              disabled={!message.trim() || Boolean(notify.data)}
              onClick={() => notify.mutate()}
            >
              {t('problems.send')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

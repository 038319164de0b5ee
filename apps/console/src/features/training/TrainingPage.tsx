// Training: each person's own tracks (read the articles, answer the quiz) and, for managers, building tracks,
// assigning them to new employees and following their progress.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Progress,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { MyTraining, TrainingTrack } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { can, useSession } from '../../session';
import { useMembers, useTeams } from '../settings/api';
import { knowledgeApi } from '../knowledge/api';
import { trainingApi, useMyTraining, useTrainingProgress, useTrainingTracks } from './api';
import { localeOf } from '../../locale';

export function TrainingPage() {
  const { t } = useTranslation();
  const session = useSession().data!;
  const admin = can(session, 'admin');
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1000}>
        <Title order={3}>{t('training.title')}</Title>
        <Tabs defaultValue="mine" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="mine">{t('training.mine')}</Tabs.Tab>
            {admin && <Tabs.Tab value="tracks">{t('training.tracks')}</Tabs.Tab>}
            {admin && <Tabs.Tab value="progress">{t('training.progress')}</Tabs.Tab>}
          </Tabs.List>
          <Tabs.Panel value="mine" pt="md">
            <MyTracks />
          </Tabs.Panel>
          {admin && (
            <Tabs.Panel value="tracks" pt="md">
              <Tracks />
            </Tabs.Panel>
          )}
          {admin && (
            <Tabs.Panel value="progress" pt="md">
              <ProgressTable />
            </Tabs.Panel>
          )}
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}

function MyTracks() {
  const { t } = useTranslation();
  const mine = useMyTraining();
  if (mine.data?.length === 0) return <Text c="dimmed">{t('training.nothingAssigned')}</Text>;
  return (
    <Stack>
      {mine.data?.map((m) => (
        <MyTrack key={m.assignmentId} assignment={m} />
      ))}
    </Stack>
  );
}

function MyTrack({ assignment }: { assignment: MyTraining }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const read = useMutation({
    mutationFn: (articleId: string) => trainingApi.markRead(assignment.assignmentId, { articleId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['my-training'] }),
  });
  const attempt = useMutation({
    mutationFn: () => trainingApi.submitAttempt(assignment.assignmentId, { answers }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['my-training'] }),
  });
  const questions = assignment.track.items.filter((i) => i.kind === 'question');
  const choose = (id: string, index: number, multiple: boolean, on: boolean) =>
    setAnswers((a) => ({
      ...a,
      [id]: multiple ? (on ? [...(a[id] ?? []), index] : (a[id] ?? []).filter((x) => x !== index)) : [index],
    }));
  return (
    <Paper withBorder p="md" data-testid="my-track">
      <Group justify="space-between">
        <Title order={5}>{assignment.trackName}</Title>
        {assignment.passedAt ? (
          <Badge color="teal">{t('training.passed', { score: assignment.bestScore })}</Badge>
        ) : assignment.overdue ? (
          <Badge color="red">{t('training.overdue')}</Badge>
        ) : assignment.dueOn ? (
          <Badge variant="light">{t('training.dueOn', { date: assignment.dueOn })}</Badge>
        ) : null}
      </Group>
      {assignment.track.description && (
        <Text size="sm" c="dimmed">
          {assignment.track.description}
        </Text>
      )}
      <Progress
        mt="xs"
        value={assignment.articles ? (assignment.articlesRead / assignment.articles) * 100 : 100}
        aria-label={t('training.readProgress')}
      />
      <Text size="xs" c="dimmed">
        {t('training.read', { read: assignment.articlesRead, count: assignment.articles })}
      </Text>
      <Stack gap={4} mt="sm">
        {assignment.track.items
          .filter((i) => i.kind === 'article' && i.article)
          .map((i, n) => (
            <Group key={i.id} justify="space-between">
              <Anchor component={Link} to={`/knowledge/${i.article!.id}`} size="sm">
                {n + 1}. {i.article!.title}
              </Anchor>
              {assignment.readArticleIds.includes(i.article!.id) ? (
                <Badge size="xs" color="teal" variant="light">
                  {t('training.done')}
                </Badge>
              ) : (
                <Button size="compact-xs" variant="light" onClick={() => read.mutate(i.article!.id)}>
                  {t('training.markRead')}
                </Button>
              )}
            </Group>
          ))}
      </Stack>
      {questions.length > 0 && (
        <Stack mt="md" gap="sm">
          <Text fw={600} size="sm">
            {t('training.quiz', { mark: assignment.track.passMark })}
          </Text>
          {questions.map((q) => (
            <Stack key={q.id} gap={4}>
              <Text size="sm">
                {q.question}
                {attempt.data && (attempt.data.correct[q.id] ? ' ✅' : ' ❌')}
              </Text>
              {q.multiple ? (
                q.choices.map((c, index) => (
                  <Checkbox
                    key={index}
                    label={c.text}
                    checked={(answers[q.id] ?? []).includes(index)}
                    onChange={(e) => choose(q.id, index, true, e.currentTarget.checked)}
                  />
                ))
              ) : (
                <Radio.Group
                  value={answers[q.id]?.[0] !== undefined ? String(answers[q.id]![0]) : null}
                  onChange={(v) => choose(q.id, Number(v), false, true)}
                >
                  <Stack gap={4}>
                    {q.choices.map((c, index) => (
                      <Radio key={index} value={String(index)} label={c.text} />
                    ))}
                  </Stack>
                </Radio.Group>
              )}
            </Stack>
          ))}
          {attempt.data && (
            <Alert color={attempt.data.passed ? 'teal' : 'orange'} data-testid="quiz-result">
              {attempt.data.passed
                ? t('training.youPassed', { score: attempt.data.score })
                : t('training.tryAgain', { score: attempt.data.score, mark: attempt.data.passMark })}
            </Alert>
          )}
          {attempt.error && <Alert color="red">{attempt.error.message}</Alert>}
          <Button w="fit-content" loading={attempt.isPending} onClick={() => attempt.mutate()}>
            {t('training.submit')}
          </Button>
        </Stack>
      )}
    </Paper>
  );
}

type DraftItem =
  | { kind: 'article'; articleId: string }
  | { kind: 'question'; question: string; multiple: boolean; choices: { text: string; correct: boolean }[] };

function Tracks() {
  const { t } = useTranslation();
  const tracks = useTrainingTracks();
  const [editing, setEditing] = useState<TrainingTrack | 'new' | null>(null);
  const [assigning, setAssigning] = useState<TrainingTrack | null>(null);
  return (
    <Stack>
      <Group justify="flex-end">
        <Button onClick={() => setEditing('new')}>{t('training.newTrack')}</Button>
      </Group>
      {tracks.data?.map((track) => (
        <Paper key={track.id} withBorder p="md" data-testid="track">
          <Group justify="space-between">
            <Stack gap={2}>
              <Text fw={600}>{track.name}</Text>
              <Text size="sm" c="dimmed">
                {t('training.trackSummary', {
                  articles: t('training.articleCount', {
                    count: track.items.filter((i) => i.kind === 'article').length,
                  }),
                  questions: t('training.questionCount', {
                    count: track.items.filter((i) => i.kind === 'question').length,
                  }),
                  mark: track.passMark,
                  assigned: track.assigned,
                  passed: track.passed,
                })}
              </Text>
              {track.requiredForTeams.length > 0 && (
                <Text size="xs">
                  {t('training.requiredBy', { teams: track.requiredForTeams.map((x) => x.name).join(', ') })}
                </Text>
              )}
            </Stack>
            <Group gap="xs">
              <Button size="xs" variant="light" onClick={() => setAssigning(track)}>
                {t('training.assign')}
              </Button>
              <Button size="xs" variant="default" onClick={() => setEditing(track)}>
                {t('customers.edit')}
              </Button>
            </Group>
          </Group>
        </Paper>
      ))}
      {tracks.data?.length === 0 && <Text c="dimmed">{t('training.noTracks')}</Text>}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('training.newTrack') : t('customers.edit')}
        size="xl"
      >
        {editing && <TrackForm track={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={assigning !== null} onClose={() => setAssigning(null)} title={t('training.assign')}>
        {assigning && <AssignForm track={assigning} onDone={() => setAssigning(null)} />}
      </Modal>
    </Stack>
  );
}

function TrackForm({ track, onDone }: { track?: TrainingTrack; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const articles = useQuery({
    queryKey: ['articles', 'training'],
    queryFn: () => knowledgeApi.listAllArticles(),
  });
  const teams = useTeams();
  const [name, setName] = useState(track?.name ?? '');
  const [description, setDescription] = useState(track?.description ?? '');
  const [passMark, setPassMark] = useState<number | string>(track?.passMark ?? 80);
  const [teamIds, setTeamIds] = useState<string[]>(track?.requiredForTeams.map((x) => x.id) ?? []);
  const [items, setItems] = useState<DraftItem[]>(
    track?.items.map((i) =>
      i.kind === 'article'
        ? { kind: 'article' as const, articleId: i.article?.id ?? '' }
        : {
            kind: 'question' as const,
            question: i.question,
            multiple: i.multiple,
            choices: i.choices.map((c) => ({ text: c.text, correct: Boolean(c.correct) })),
          },
    ) ?? [],
  );
  const update = (n: number, item: DraftItem) => setItems((list) => list.map((x, i) => (i === n ? item : x)));
  const save = useMutation({
    mutationFn: () =>
      trainingApi.saveTrack(track?.id ?? null, {
        name,
        description,
        passMark: Number(passMark) || 0,
        items,
        requiredForTeamIds: teamIds,
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['training-tracks'] });
      onDone();
    },
  });
  const error = describeError(save.error);
  return (
    <Stack gap="sm">
      {error && <Alert color="red">{error}</Alert>}
      <TextInput label={t('training.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
      <Textarea
        label={t('training.description')}
        value={description}
        onChange={(e) => setDescription(e.currentTarget.value)}
        autosize
      />
      <Group grow>
        <NumberInput
          label={t('training.passMark')}
          min={0}
          max={100}
          suffix=" %"
          value={passMark}
          onChange={setPassMark}
        />
        <MultiSelect
          label={t('training.requiredFor')}
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={teamIds}
          onChange={setTeamIds}
        />
      </Group>
      {items.map((item, n) => (
        <Paper key={n} withBorder p="sm" data-testid="track-item">
          <Group justify="space-between" mb={4}>
            <Text size="xs" c="dimmed">
              {n + 1}. {item.kind === 'article' ? t('training.article') : t('training.question')}
            </Text>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => setItems((list) => list.filter((_, i) => i !== n))}
            >
              {t('knowledge.remove')}
            </Button>
          </Group>
          {item.kind === 'article' ? (
            <Select
              aria-label={t('training.article')}
              searchable
              data={(articles.data?.items ?? []).map((a) => ({ value: a.id, label: a.title }))}
              value={item.articleId || null}
              onChange={(v) => update(n, { kind: 'article', articleId: v ?? '' })}
            />
          ) : (
            <Stack gap={4}>
              <TextInput
                aria-label={t('training.question')}
                placeholder={t('training.question')}
                value={item.question}
                onChange={(e) => update(n, { ...item, question: e.currentTarget.value })}
              />
              <Checkbox
                size="xs"
                label={t('training.multiple')}
                checked={item.multiple}
                onChange={(e) => update(n, { ...item, multiple: e.currentTarget.checked })}
              />
              {item.choices.map((c, ci) => (
                <Group key={ci} gap="xs" wrap="nowrap">
                  <Checkbox
                    aria-label={t('training.correct')}
                    checked={c.correct}
                    onChange={(e) =>
                      update(n, {
                        ...item,
                        choices: item.choices.map((x, i) =>
                          i === ci ? { ...x, correct: e.currentTarget.checked } : x,
                        ),
                      })
                    }
                  />
                  <TextInput
                    style={{ flex: 1 }}
                    size="xs"
                    aria-label={t('training.choice', { n: ci + 1 })}
                    value={c.text}
                    onChange={(e) =>
                      update(n, {
                        ...item,
                        choices: item.choices.map((x, i) => (i === ci ? { ...x, text: e.currentTarget.value } : x)),
                      })
                    }
                  />
                </Group>
              ))}
              {item.choices.length < 8 && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  w="fit-content"
                  onClick={() => update(n, { ...item, choices: [...item.choices, { text: '', correct: false }] })}
                >
                  {t('training.addChoice')}
                </Button>
              )}
            </Stack>
          )}
        </Paper>
      ))}
      <Group gap="xs">
        <Button
          size="xs"
          variant="light"
          onClick={() => setItems((list) => [...list, { kind: 'article', articleId: '' }])}
        >
          {t('training.addArticle')}
        </Button>
        <Button
          size="xs"
          variant="light"
          onClick={() =>
            setItems((list) => [
              ...list,
              {
                kind: 'question',
                question: '',
                multiple: false,
                choices: [
                  { text: '', correct: true },
                  { text: '', correct: false },
                ],
              },
            ])
          }
        >
          {t('training.addQuestion')}
        </Button>
      </Group>
      <Group justify="flex-end">
        <Button loading={save.isPending} disabled={!name.trim()} onClick={() => save.mutate()}>
          {t('common.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function AssignForm({ track, onDone }: { track: TrainingTrack; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const members = useMembers();
  const [userIds, setUserIds] = useState<string[]>([]);
  const [dueOn, setDueOn] = useState('');
  const assign = useMutation({
    mutationFn: () => trainingApi.assignTrack(track.id, { userIds, dueOn: dueOn || null }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['training-tracks'] });
      void client.invalidateQueries({ queryKey: ['training-progress'] });
      void client.invalidateQueries({ queryKey: ['my-training'] });
      onDone();
    },
  });
  return (
    <Stack>
      <MultiSelect
        label={t('training.people')}
        data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
        value={userIds}
        onChange={setUserIds}
        searchable
      />
      <TextInput
        label={t('training.due')}
        type="date"
        value={dueOn}
        onChange={(e) => setDueOn(e.currentTarget.value)}
      />
      {assign.error && <Alert color="red">{assign.error.message}</Alert>}
      <Group justify="flex-end">
        <Button disabled={!userIds.length} loading={assign.isPending} onClick={() => assign.mutate()}>
          {t('training.assign')}
        </Button>
      </Group>
    </Stack>
  );
}

function ProgressTable() {
  const { t, i18n } = useTranslation();
  const progress = useTrainingProgress();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped data-testid="training-progress">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('training.person')}</Table.Th>
            <Table.Th>{t('training.track')}</Table.Th>
            <Table.Th>{t('training.readColumn')}</Table.Th>
            <Table.Th>{t('training.attempts')}</Table.Th>
            <Table.Th>{t('training.best')}</Table.Th>
            <Table.Th>{t('training.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {progress.data?.map((p) => (
            <Table.Tr key={p.assignmentId}>
              <Table.Td>{p.user.name}</Table.Td>
              <Table.Td>{p.trackName}</Table.Td>
              <Table.Td>
                {p.articlesRead} / {p.articles}
              </Table.Td>
              <Table.Td>{p.attempts}</Table.Td>
              <Table.Td>{p.bestScore === null ? '—' : `${p.bestScore} %`}</Table.Td>
              <Table.Td>
                {p.passedAt ? (
                  <Badge color="teal">
                    {t('training.passedOn', { date: new Date(p.passedAt).toLocaleDateString(localeOf(i18n.language)) })}
                  </Badge>
                ) : p.overdue ? (
                  <Badge color="red">{t('training.overdue')}</Badge>
                ) : (
                  <Badge variant="light">{t('training.inProgress')}</Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

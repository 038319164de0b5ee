// Incidents: the list with filters and search, one incident's page (steps, resolution, problem), and the tabs to
// problems and to the recurring-problem analysis.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import type { Incident } from '@atiende/contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { describeError } from '../../api';
import { DeleteButton } from '../../layout/DeleteButton';
import { can, useSession } from '../../session';
import { clock } from '../conversations/format';
import { IncidentForm, rootCauses, severityColor, useIncidentCategories } from './IncidentForm';
import { NewIncidentButton } from './NewIncidentButton';
import { ProblemsPanel } from './ProblemsPanel';
import { incidentsApi } from './api';

const AnalysisPanel = lazy(() => import('./AnalysisPanel').then((m) => ({ default: m.AnalysisPanel })));

type Page = { items: Incident[]; nextCursor: string | null; total: number };

export function IncidentsPage() {
  const { t } = useTranslation();
  const { tab = 'list' } = useParams();
  const navigate = useNavigate();
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1200}>
        <Title order={3}>{t('incidents.title')}</Title>
        <Tabs
          value={tab}
          onChange={(v) => navigate(v === 'list' ? '/incidents' : `/incidents/tab/${v}`)}
          keepMounted={false}
        >
          <Tabs.List>
            <Tabs.Tab value="list">{t('incidents.tabs.list')}</Tabs.Tab>
            <Tabs.Tab value="problems">{t('incidents.tabs.problems')}</Tabs.Tab>
            <Tabs.Tab value="analysis">{t('incidents.tabs.analysis')}</Tabs.Tab>
            <Tabs.Tab value="categories">{t('incidents.tabs.categories')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="list" pt="md">
            <IncidentList />
          </Tabs.Panel>
          <Tabs.Panel value="problems" pt="md">
            <ProblemsPanel />
          </Tabs.Panel>
          <Tabs.Panel value="categories" pt="md">
            <Categories />
          </Tabs.Panel>
          <Tabs.Panel value="analysis" pt="md">
            <Suspense fallback={null}>
              <AnalysisPanel />
            </Suspense>
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </ScrollArea>
  );
}

function IncidentList() {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const categories = useIncidentCategories();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string | null>('open');
  const [rootCause, setRootCause] = useState<string | null>(null);
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const params = new URLSearchParams({
    limit: '50',
    ...(q.trim() ? { q: q.trim() } : {}),
    ...(status ? { status } : {}),
    ...(rootCause ? { rootCause } : {}),
    ...(categoryId ? { categoryId } : {}),
  });
  const list = useInfiniteQuery({
    queryKey: ['incidents', params.toString()],
    queryFn: ({ pageParam }) => incidentsApi.listIncidents<Page>(params, pageParam),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const option = (prefix: string) => (value: string) => ({ value, label: t(`${prefix}.${value}`) });
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end" gap="xs">
          <TextInput label={t('incidents.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={220} />
          <Select
            label={t('incidents.status')}
            data={[
              { value: 'open', label: t('incidents.statuses.open') },
              { value: 'resolved', label: t('incidents.statuses.resolved') },
            ]}
            clearable
            placeholder={t('status.all')}
            value={status}
            onChange={setStatus}
            w={140}
          />
          <Select
            label={t('incidents.rootCause')}
            data={rootCauses.map(option('incidents.rootCauses'))}
            clearable
            placeholder={t('status.all')}
            value={rootCause}
            onChange={setRootCause}
            w={220}
          />
          <Select
            label={t('incidents.category')}
            data={(categories.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            clearable
            placeholder={t('status.all')}
            value={categoryId}
            onChange={setCategoryId}
            w={200}
          />
        </Group>
        {can(session, 'agent') && <NewIncidentButton size="sm" />}
      </Group>
      <Text size="sm" c="dimmed">
        {t('incidents.count', { count: list.data?.pages[0]?.total ?? 0 })}
      </Text>
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover data-testid="incidents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('incidents.summary')}</Table.Th>
              <Table.Th>{t('incidents.contact')}</Table.Th>
              <Table.Th>{t('incidents.rootCause')}</Table.Th>
              <Table.Th>{t('incidents.severity')}</Table.Th>
              <Table.Th>{t('incidents.reportedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.number}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/incidents/${i.id}`} size="sm">
                    {i.summary}
                  </Anchor>
                  {i.problem && (
                    <Badge ml="xs" size="xs" variant="light" color="grape">
                      {t('incidents.problemNumber', { number: i.problem.number })}
                    </Badge>
                  )}
                  {i.status === 'resolved' && (
                    <Badge ml="xs" size="xs" variant="light" color="teal">
                      {t('incidents.statuses.resolved')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{i.contact?.name ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`incidents.rootCauses.${i.rootCause}`)}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" color={severityColor[i.severity]} variant="light">
                    {t(`incidents.severities.${i.severity}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{clock(i.reportedAt, i18n.language)}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {!list.isPending && items.length === 0 && <Text c="dimmed">{t('incidents.none')}</Text>}
      {list.hasNextPage && (
        <Button variant="subtle" w="fit-content" loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('customers.more')}
        </Button>
      )}
    </Stack>
  );
}

function minutes(value: number | null, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (value === null) return '—';
  if (value < 60) return t('incidents.minutes', { count: value });
  const hours = Math.floor(value / 60);
  return t('incidents.hoursMinutes', { hours, minutes: value % 60 });
}

export function IncidentDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession().data!;
  const client = useQueryClient();
  const incident = useQuery({
    queryKey: ['incident', id],
    queryFn: () => incidentsApi.getIncident(id),
  });
  const [editing, setEditing] = useState(false);
  const [step, setStep] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = (saved: Incident) => {
    client.setQueryData(['incident', id], saved);
    void client.invalidateQueries({ queryKey: ['incidents'] });
    void client.invalidateQueries({ queryKey: ['problems'] });
  };
  const change = useMutation({
    mutationFn: (patch: Record<string, unknown>) => incidentsApi.updateIncident(id, patch),
    onSuccess: (saved) => {
      setError(null);
      refresh(saved);
    },
    onError: (e) => setError(describeError(e)),
  });
  const addStep = useMutation({
    mutationFn: () => incidentsApi.createIncidentStep(id, { text: step }),
    onSuccess: (saved) => {
      setStep('');
      refresh(saved);
    },
  });
  if (!incident.data)
    return incident.isError ? (
      <Alert m="md" color="red">
        {incident.error.message}
      </Alert>
    ) : null;
  const i = incident.data;
  const canWrite = can(session, 'agent');
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={900}>
        <Anchor component={Link} to="/incidents" size="sm">
          ← {t('incidents.title')}
        </Anchor>
        <Group justify="space-between">
          <Title order={3}>
            #{i.number} {i.summary}
          </Title>
          <Group gap="xs">
            <Badge color={i.status === 'resolved' ? 'teal' : 'blue'}>{t(`incidents.statuses.${i.status}`)}</Badge>
            <Badge color={severityColor[i.severity]} variant="light">
              {t(`incidents.severities.${i.severity}`)}
            </Badge>
          </Group>
        </Group>
        {error && <Alert color="red">{error}</Alert>}
        {canWrite && (
          <Group gap="xs">
            {i.status === 'open' ? (
              <Button
                size="xs"
                color="teal"
                loading={change.isPending}
                onClick={() => change.mutate({ status: 'resolved' })}
              >
                {t('incidents.resolve')}
              </Button>
            ) : (
              <Button
                size="xs"
                variant="light"
                loading={change.isPending}
                onClick={() => change.mutate({ status: 'open' })}
              >
                {t('incidents.reopen')}
              </Button>
            )}
            <Button size="xs" variant="light" onClick={() => setEditing(true)}>
              {t('customers.edit')}
            </Button>
            <LinkProblem incident={i} onSaved={refresh} />
            {can(session, 'admin') && (
              <DeleteButton
                remove={() => incidentsApi.deleteIncident(i.id)}
                confirm={t('incidents.confirmDelete')}
                label={t('incidents.delete')}
                then="/incidents"
                invalidate="incidents"
              />
            )}
          </Group>
        )}
        <Modal opened={editing} onClose={() => setEditing(false)} title={t('customers.edit')} size="lg">
          {editing && (
            <IncidentForm
              incident={i}
              onDone={(saved) => {
                setEditing(false);
                if (saved) refresh(saved);
              }}
            />
          )}
        </Modal>
        <Paper withBorder p="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <Fact label={t('incidents.contact')}>
              {i.contact ? (
                <Anchor component={Link} to={`/contacts/${i.contact.id}`}>
                  {i.contact.name}
                </Anchor>
              ) : (
                '—'
              )}
            </Fact>
            <Fact label={t('incidents.company')}>
              {i.company ? (
                <Anchor component={Link} to={`/companies/${i.company.id}`}>
                  {i.company.name}
                </Anchor>
              ) : (
                '—'
              )}
            </Fact>
            <Fact label={t('incidents.reportedAt')}>
              {clock(i.reportedAt, i18n.language)} · {t(`incidents.channels.${i.channel}`)}
              {i.conversationId && (
                <>
                  {' '}
                  ·{' '}
                  <Anchor component={Link} to={`/inbox/${i.conversationId}`}>
                    {t('incidents.openConversation')}
                  </Anchor>
                </>
              )}
            </Fact>
            <Fact label={t('incidents.category')}>
              {i.category?.name ?? '—'}
              {i.area ? ` · ${i.area}` : ''}
            </Fact>
            <Fact label={t('incidents.rootCause')}>
              {t(`incidents.rootCauses.${i.rootCause}`)}
              {i.rootCauseNotes ? `: ${i.rootCauseNotes}` : ''}
            </Fact>
            <Fact label={t('incidents.assignee')}>{i.assignee?.name ?? '—'}</Fact>
            <Fact label={t('incidents.attitudeBefore')}>
              {i.attitudeBefore ? `${i.attitudeBefore}/5 · ${t(`incidents.attitudes.${i.attitudeBefore}`)}` : '—'}
              {i.attitudeBeforeNotes ? ` — ${i.attitudeBeforeNotes}` : ''}
            </Fact>
            <Fact label={t('incidents.attitudeAfter')}>
              {i.attitudeAfter ? `${i.attitudeAfter}/5 · ${t(`incidents.attitudes.${i.attitudeAfter}`)}` : '—'}
              {i.attitudeAfterNotes ? ` — ${i.attitudeAfterNotes}` : ''}
            </Fact>
            <Fact label={t('incidents.timeToResolve')}>
              {minutes(i.resolutionMinutes, t)}
              {i.resolutionBusinessMinutes !== null &&
                ` (${t('incidents.businessTime', { time: minutes(i.resolutionBusinessMinutes, t) })})`}
            </Fact>
            <Fact label={t('incidents.timeSpent')}>{minutes(i.timeSpentMinutes, t)}</Fact>
            <Fact label={t('incidents.problem')}>
              {i.problem
                ? `#${i.problem.number} ${i.problem.title} · ${t(`problems.statuses.${i.problem.status}`)}`
                : '—'}
            </Fact>
            <Fact label={t('incidents.article')}>
              {i.article ? (
                <Anchor component={Link} to={`/knowledge/${i.article.id}`}>
                  {i.article.title}
                </Anchor>
              ) : (
                '—'
              )}
            </Fact>
          </SimpleGrid>
        </Paper>
        {i.customerWords && (
          <Paper withBorder p="md">
            <Text size="sm" fw={600}>
              {t('incidents.customerWords')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {i.customerWords}
            </Text>
          </Paper>
        )}
        <Title order={5}>{t('incidents.steps')}</Title>
        <Timeline bulletSize={12} data-testid="steps">
          {i.steps.map((s, n) => (
            <Timeline.Item key={n} title={<Text size="sm">{s.text}</Text>}>
              <Text size="xs" c="dimmed">
                {clock(s.at, i18n.language)}
                {s.by ? ` · ${s.by}` : ''}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
        {canWrite && (
          <Group align="flex-end">
            <Textarea
              style={{ flex: 1 }}
              label={t('incidents.addStep')}
              autosize
              minRows={1}
              value={step}
              onChange={(e) => setStep(e.currentTarget.value)}
            />
            <Button disabled={!step.trim()} loading={addStep.isPending} onClick={() => addStep.mutate()}>
              {t('incidents.addStepButton')}
            </Button>
          </Group>
        )}
      </Stack>
    </ScrollArea>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

function LinkProblem({ incident, onSaved }: { incident: Incident; onSaved: (i: Incident) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const problems = useQuery({
    queryKey: ['problems'],
    queryFn: () => incidentsApi.listProblems(),
    enabled: open,
  });
  const [problemId, setProblemId] = useState<string | null>(incident.problem?.id ?? null);
  const save = useMutation({
    mutationFn: () => incidentsApi.updateIncident(incident.id, { problemId }),
    onSuccess: (saved) => {
      onSaved(saved);
      setOpen(false);
    },
  });
  return (
    <>
      <Button size="xs" variant="light" color="grape" onClick={() => setOpen(true)}>
        {t('incidents.linkProblem')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('incidents.linkProblem')}>
        <Stack>
          <Select
            label={t('incidents.problem')}
            data={(problems.data ?? []).map((p) => ({ value: p.id, label: `#${p.number} ${p.title}` }))}
            clearable
            value={problemId}
            onChange={setProblemId}
            searchable
          />
          <Group justify="flex-end">
            <Button loading={save.isPending} onClick={() => save.mutate()}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The workspace's own taxonomy of incidents: admins add, rename and remove categories (not those in use). */
function Categories() {
  const { t } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const categories = useIncidentCategories();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['incident-categories'] });
  const add = useMutation({
    mutationFn: () => incidentsApi.createIncidentCategory({ name }),
    onSuccess: () => {
      setName('');
      refresh();
    },
  });
  const rename = useMutation({
    mutationFn: (c: { id: string; name: string }) => incidentsApi.updateIncidentCategory(c.id, { name: c.name }),
    onSuccess: () => {
      setRenaming(null);
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => incidentsApi.deleteIncidentCategory(id),
    onSuccess: refresh,
  });
  const admin = can(session, 'admin');
  const error = describeError(add.error ?? rename.error ?? remove.error);
  return (
    <Stack maw={600} data-testid="incident-categories">
      {error && <Alert color="red">{error}</Alert>}
      {categories.data?.map((c) => (
        <Group key={c.id} justify="space-between">
          {renaming?.id === c.id ? (
            <Group gap="xs">
              <TextInput
                size="xs"
                aria-label={t('incidents.categoryName')}
                value={renaming.name}
                onChange={(e) => setRenaming({ id: c.id, name: e.currentTarget.value })}
              />
              <Button size="compact-xs" loading={rename.isPending} onClick={() => rename.mutate(renaming)}>
                {t('common.save')}
              </Button>
            </Group>
          ) : (
            <Text size="sm">
              {c.name}{' '}
              <Text span size="xs" c="dimmed">
                · {t('incidents.count', { count: c.incidents })}
              </Text>
            </Text>
          )}
          {admin && renaming?.id !== c.id && (
            <Group gap={4}>
              <Button size="compact-xs" variant="subtle" onClick={() => setRenaming({ id: c.id, name: c.name })}>
                {t('customers.edit')}
              </Button>
              <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(c.id)}>
                {t('knowledge.remove')}
              </Button>
            </Group>
          )}
        </Group>
      ))}
      {admin && (
        <Group align="flex-end">
          <TextInput label={t('incidents.newCategory')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button disabled={!name.trim()} loading={add.isPending} onClick={() => add.mutate()}>
            {t('knowledge.add')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

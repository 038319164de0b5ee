// Projects and work orders: the list (active ones first, searchable by title or number), opening a new one, and the
// estimate-against-actual report that helps quote the next job.
import './projects-i18n';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ProjectStatus } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, describeError } from '../../api';
import { can, useSession } from '../../session';
import { RecordPicker } from '../../components/RecordPicker';
import { TimerBar } from './TimerBar';
import { projectsApi, usePortalSettings } from './api';
import { localeOf } from '../../locale';

export const statusColor: Record<ProjectStatus, string> = {
  quoted: 'gray',
  in_progress: 'blue',
  delivered: 'teal',
  invoiced: 'green',
  cancelled: 'red',
};
export const hours = (minutes: number) => (Math.round(minutes / 6) / 10).toString();

export function ProjectsPage() {
  const { t } = useTranslation();
  const session = useSession().data;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'estimates' ? 'estimates' : 'list';
  const [creating, setCreating] = useState(false);
  return (
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
      <Group justify="space-between">
        <Title order={2}>{t('projects.title')}</Title>
        {can(session, 'agent') && <Button onClick={() => setCreating(true)}>{t('projects.add')}</Button>}
      </Group>
      <TimerBar />
      <PortalLine />
      <SegmentedControl
        w={360}
        data={[
          { value: 'list', label: t('projects.tabs.list') },
          { value: 'estimates', label: t('projects.tabs.estimates') },
        ]}
        value={tab}
        onChange={(v) => setParams((p) => (p.set('tab', v), p), { replace: true })}
      />
      {tab === 'list' ? <ProjectList /> : <EstimatesView />}
      {creating && (
        <Modal opened onClose={() => setCreating(false)} title={t('projects.add')}>
          <NewProjectForm onDone={() => setCreating(false)} />
        </Modal>
      )}
    </Stack>
  );
}

/** Where customers follow their projects; admins turn it on or off. */
function PortalLine() {
  const { t } = useTranslation();
  const session = useSession().data;
  const client = useQueryClient();
  const settings = usePortalSettings();
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => projectsApi.updatePortalSettings({ enabled }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['portal-settings'] }),
  });
  if (!settings.data) return null;
  return (
    <Group gap="xs" data-testid="portal-line">
      <Text size="sm" fw={600}>
        {t('projects.portal.label')}:
      </Text>
      <Anchor href={settings.data.url} target="_blank" rel="noopener" size="sm">
        {settings.data.url}
      </Anchor>
      {can(session, 'admin') && (
        <Switch
          size="xs"
          label={t('projects.portal.on')}
          checked={settings.data.enabled}
          onChange={(e) => toggle.mutate(e.currentTarget.checked)}
        />
      )}
      <Text size="xs" c="dimmed">
        {t('projects.portal.hint')}
      </Text>
    </Group>
  );
}

function ProjectList() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<string>('active');
  const [q, setQ] = useState('');
  const query = new URLSearchParams({
    limit: '100',
    ...(status !== 'all' && { status }),
    ...(q.trim() && { q: q.trim() }),
  });
  const list = useQuery({
    queryKey: ['projects', status, q],
    queryFn: () => projectsApi.listProjects(query.toString()),
  });
  const day = (d: string | null) =>
    d
      ? new Date(`${d}T12:00:00`).toLocaleDateString(localeOf(i18n.language), {
          day: 'numeric',
          month: 'short',
          year: 'numeric',
        })
      : '—';
  return (
    <Stack>
      <Group>
        <Select
          aria-label={t('projects.fields.status')}
          data={[
            { value: 'active', label: t('projects.filter.active') },
            { value: 'all', label: t('projects.filter.all') },
            ...(['quoted', 'in_progress', 'delivered', 'invoiced', 'cancelled'] as const).map((s) => ({
              value: s,
              label: t(`projects.status.${s}`),
            })),
          ]}
          value={status}
          onChange={(v) => v && setStatus(v)}
          allowDeselect={false}
          w={200}
        />
        <TextInput
          placeholder={t('projects.search')}
          aria-label={t('projects.search')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
        />
      </Group>
      {list.error && <Alert color="red">{describeError(list.error)}</Alert>}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('projects.none')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('projects.fields.title')}</Table.Th>
              <Table.Th>{t('projects.fields.customer')}</Table.Th>
              <Table.Th>{t('projects.fields.status')}</Table.Th>
              <Table.Th>{t('projects.fields.due')}</Table.Th>
              <Table.Th>{t('projects.fields.progress')}</Table.Th>
              <Table.Th>{t('projects.fields.hours')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((p) => (
              <Table.Tr key={p.id} data-testid="project-row">
                <Table.Td>{p.reference}</Table.Td>
                <Table.Td>
                  <Link to={`/projects/${p.id}`}>{p.title}</Link>
                </Table.Td>
                <Table.Td>{p.company?.name ?? p.contact?.name ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={statusColor[p.status]} variant="light">
                    {t(`projects.status.${p.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Text size="sm">{day(p.dueDate)}</Text>
                    {p.late && (
                      <Badge color="red" size="xs">
                        {t('projects.late')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td w={140}>
                  <Text size="xs">
                    {p.tasksDone}/{p.tasksTotal}
                  </Text>
                  <Progress
                    value={p.tasksTotal ? (p.tasksDone / p.tasksTotal) * 100 : 0}
                    size="sm"
                    aria-label={`${t('projects.fields.progress')}: ${p.tasksDone}/${p.tasksTotal}`}
                  />
                </Table.Td>
                <Table.Td>
                  {hours(p.actualMinutes)} / {hours(p.estimateMinutes)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function NewProjectForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<'project' | 'work_order'>('project');
  const [contact, setContact] = useState<{ id: string; name: string } | null>(null);
  const [company, setCompany] = useState<{ id: string; name: string } | null>(null);
  const [startDate, setStartDate] = useState('');
  const create = useMutation({
    mutationFn: () =>
      projectsApi.createProject({
        title,
        kind,
        contactId: contact?.id ?? null,
        companyId: company?.id ?? null,
        startDate: startDate || null,
      }),
    onSuccess: (project) => {
      void client.invalidateQueries({ queryKey: ['projects'] });
      onDone();
      void navigate(`/projects/${project.id}`);
    },
  });
  const fieldError = (path: string) =>
    create.error instanceof ApiError ? create.error.fields.find((f) => f.path === path)?.message : undefined;
  return (
    <Stack>
      <TextInput
        label={t('projects.fields.title')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        required
        error={fieldError('title')}
      />
      <Select
        label={t('projects.fields.kind')}
        data={(['project', 'work_order'] as const).map((k) => ({ value: k, label: t(`projects.kind.${k}`) }))}
        value={kind}
        onChange={(v) => v && setKind(v)}
        allowDeselect={false}
      />
      <RecordPicker
        kind="contacts"
        label={t('projects.fields.contact')}
        value={contact}
        onChange={setContact}
        disabled={false}
      />
      <RecordPicker
        kind="companies"
        label={t('projects.fields.company')}
        value={company}
        onChange={setCompany}
        disabled={false}
      />
      <TextInput
        type="date"
        label={t('projects.fields.start')}
        value={startDate}
        onChange={(e) => setStartDate(e.currentTarget.value)}
        error={fieldError('startDate')}
      />
      {create.error && <Alert color="red">{describeError(create.error)}</Alert>}
      <Group justify="flex-end">
        <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!title.trim()}>
          {t('projects.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function EstimatesView() {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: ['projects', 'estimates'],
    queryFn: () => projectsApi.listProjectEstimates(),
  });
  if (report.error) return <Alert color="red">{describeError(report.error)}</Alert>;
  if (!report.data) return null;
  const r = report.data;
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('projects.estimates.intro')}
      </Text>
      {r.overallRatio === null ? (
        <Text>{t('projects.estimates.noData')}</Text>
      ) : (
        <Group>
          <Badge size="lg" color={r.overallRatio > 1.1 ? 'orange' : 'teal'} data-testid="estimate-overall">
            {t('projects.estimates.overall', { ratio: r.overallRatio })}
          </Badge>
          {r.medianRatio !== null && (
            <Badge size="lg" variant="light">
              {t('projects.estimates.median', { ratio: r.medianRatio })}
            </Badge>
          )}
        </Group>
      )}
      {r.projects.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('projects.fields.title')}</Table.Th>
              <Table.Th>{t('projects.fields.hours')}</Table.Th>
              <Table.Th>{t('projects.estimates.ratio')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.projects.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>{p.reference}</Table.Td>
                <Table.Td>
                  <Link to={`/projects/${p.id}`}>{p.title}</Link>
                </Table.Td>
                <Table.Td>
                  {hours(p.actualMinutes)} / {hours(p.estimateMinutes)}
                </Table.Td>
                <Table.Td>{p.ratio === null ? '—' : `${p.ratio}×`}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

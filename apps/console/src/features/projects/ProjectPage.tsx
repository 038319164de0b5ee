// One project or work order: its status and details (saved with the version they were read at), tasks scheduled in
// working days with their timers, files in versions, participants, linked conversations and the timeline.
import './projects-i18n';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  FileButton,
  Grid,
  Group,
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
import type { Project, ProjectStatus, ProjectTimelineItem } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, describeError } from '../../api';
import { can, useSession } from '../../session';
import { RecordPicker } from '../../components/RecordPicker';
import { hours, statusColor } from './ProjectsPage';
import { TimerBar, useTimer } from './TimerBar';
import { SaveError } from '../../layout/SaveError';
import { useMembers } from '../settings/api';
import { customersApi } from '../customers/api';
import { projectsApi, projectsFiles } from './api';

const STATUSES: ProjectStatus[] = ['quoted', 'in_progress', 'delivered', 'invoiced', 'cancelled'];

export function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const session = useSession().data;
  const canWrite = can(session, 'agent');
  const project = useQuery({ queryKey: ['project', id], queryFn: () => projectsApi.getProject(id) });
  if (project.error) return <Alert color="red">{describeError(project.error)}</Alert>;
  if (!project.data) return null;
  const p = project.data;
  return (
    <Stack>
      <Anchor component={Link} to="/projects" size="sm">
        ← {t('projects.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={2}>
          {p.reference} · {p.title}
        </Title>
        <Group>
          <Badge color={statusColor[p.status]} size="lg" data-testid="project-status">
            {t(`projects.status.${p.status}`)}
          </Badge>
          {p.late && (
            <Badge color="red" size="lg">
              {t('projects.late')}
            </Badge>
          )}
        </Group>
      </Group>
      <TimerBar />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <DetailsCard project={p} canWrite={canWrite} onReload={() => void project.refetch()} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <FilesCard project={p} canWrite={canWrite} />
            <ParticipantsCard project={p} canWrite={canWrite} />
            <ConversationsCard project={p} canWrite={canWrite} />
          </Stack>
        </Grid.Col>
      </Grid>
      {/* The schedule needs the page's width: a row per task with its dates, hours and timer. */}
      <TasksCard project={p} canWrite={canWrite} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TimeCard project={p} canWrite={canWrite} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <TimelineCard project={p} canWrite={canWrite} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function useProjectChange(projectId: string) {
  const client = useQueryClient();
  return (project: Project) => {
    client.setQueryData(['project', projectId], project);
    void client.invalidateQueries({ queryKey: ['projects'] });
    void client.invalidateQueries({ queryKey: ['project-timeline', projectId] });
  };
}

function DetailsCard({ project, canWrite, onReload }: { project: Project; canWrite: boolean; onReload: () => void }) {
  const { t } = useTranslation();
  const session = useSession().data;
  const navigate = useNavigate();
  const changed = useProjectChange(project.id);
  const members = useMembers();
  const read = () => ({
    title: project.title,
    status: project.status,
    ownerId: project.owner?.id ?? null,
    contact: project.contact,
    company: project.company,
    startDate: project.startDate ?? '',
    dueDate: project.dueDate ?? '',
    requirements: project.requirements,
    description: project.description,
  });
  const [form, setForm] = useState(read);
  // A fresh read (after a save, or a reload after a conflict) shows what is stored now.
  useEffect(() => setForm(read()), [project.version, project.id]);
  const save = useMutation({
    mutationFn: () =>
      projectsApi.updateProject(project.id, {
        version: project.version,
        title: form.title,
        status: form.status,
        ownerId: form.ownerId,
        contactId: form.contact?.id ?? null,
        companyId: form.company?.id ?? null,
        startDate: form.startDate || null,
        dueDate: form.dueDate || null,
        requirements: form.requirements,
        description: form.description,
      }),
    onSuccess: changed,
  });
  const remove = useMutation({
    mutationFn: () => projectsApi.deleteProject(project.id),
    onSuccess: () => void navigate('/projects'),
  });
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fields.find((f) => f.path === path)?.message : undefined;
  const patch = (p: Partial<typeof form>) => setForm({ ...form, ...p });
  return (
    <Card withBorder>
      <Stack>
        <Group grow>
          <TextInput
            label={t('projects.fields.title')}
            value={form.title}
            onChange={(e) => patch({ title: e.currentTarget.value })}
            disabled={!canWrite}
            error={fieldError('title')}
          />
          <Select
            label={t('projects.fields.status')}
            data={STATUSES.map((s) => ({ value: s, label: t(`projects.status.${s}`) }))}
            value={form.status}
            onChange={(v) => v && patch({ status: v })}
            allowDeselect={false}
            disabled={!canWrite}
          />
        </Group>
        <Group grow>
          <RecordPicker
            kind="contacts"
            label={t('projects.fields.contact')}
            value={form.contact}
            onChange={(contact) => patch({ contact })}
            disabled={!canWrite}
          />
          <RecordPicker
            kind="companies"
            label={t('projects.fields.company')}
            value={form.company}
            onChange={(company) => patch({ company })}
            disabled={!canWrite}
          />
        </Group>
        <Group grow>
          <Select
            label={t('projects.fields.owner')}
            data={(members.data ?? [])
              .filter((m) => m.role !== 'viewer')
              .map((m) => ({ value: m.userId, label: m.name }))}
            value={form.ownerId}
            onChange={(v) => patch({ ownerId: v })}
            clearable
            disabled={!canWrite}
          />
          <TextInput
            type="date"
            label={t('projects.fields.start')}
            value={form.startDate}
            onChange={(e) => patch({ startDate: e.currentTarget.value })}
            disabled={!canWrite}
          />
          <TextInput
            type="date"
            label={t('projects.fields.due')}
            value={form.dueDate}
            onChange={(e) => patch({ dueDate: e.currentTarget.value })}
            disabled={!canWrite}
          />
        </Group>
        {project.deal && (
          <Text size="sm">
            {t('projects.fields.deal')}: <Link to={`/deals?view=list`}>{project.deal.title}</Link>
          </Text>
        )}
        <Textarea
          label={t('projects.fields.requirements')}
          value={form.requirements}
          onChange={(e) => patch({ requirements: e.currentTarget.value })}
          autosize
          minRows={2}
          disabled={!canWrite}
        />
        <Textarea
          label={t('projects.fields.description')}
          value={form.description}
          onChange={(e) => patch({ description: e.currentTarget.value })}
          autosize
          minRows={2}
          disabled={!canWrite}
        />
        <SaveError error={save.error} reloadLabel={t('projects.reload')} onReload={() => (save.reset(), onReload())} />
        {remove.error && <Alert color="red">{describeError(remove.error)}</Alert>}
        {canWrite && (
          <Group justify="space-between">
            {can(session, 'admin') ? (
              <Button
                color="red"
                variant="subtle"
                onClick={() => window.confirm(t('projects.deleteConfirm')) && remove.mutate()}
              >
                {t('projects.delete')}
              </Button>
            ) : (
              <span />
            )}
            <Group>
              {save.isSuccess && (
                <Text size="sm" c="teal">
                  {t('projects.saved')}
                </Text>
              )}
              <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!form.title.trim()}>
                {t('projects.save')}
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function TasksCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
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
      ? new Date(`${d}T12:00:00`).toLocaleDateString(i18n.language, {
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

function TimeCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
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
              {new Date(s.startedAt).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })} ·{' '}
              {s.user.name} · {taskName(s.taskId)}
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

function FilesCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const changed = useProjectChange(project.id);
  const upload = useMutation({
    mutationFn: ({ file, documentId }: { file: File; documentId?: string }) =>
      projectsApi.uploadProjectFile(project.id, file, documentId),
    onSuccess: changed,
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('projects.files.title')}</Title>
          {canWrite && (
            <FileButton onChange={(file) => file && upload.mutate({ file })}>
              {(props) => (
                <Button size="xs" {...props} loading={upload.isPending}>
                  {t('projects.files.upload')}
                </Button>
              )}
            </FileButton>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('projects.files.hint')}
        </Text>
        {project.documents.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('projects.files.empty')}
          </Text>
        )}
        {project.documents.map((doc) => (
          <Stack key={doc.id} gap={2} data-testid="project-document">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                {doc.name}
              </Text>
              {canWrite && (
                <FileButton onChange={(file) => file && upload.mutate({ file, documentId: doc.id })}>
                  {(props) => (
                    <Button size="compact-xs" variant="light" {...props}>
                      {t('projects.files.newVersion')}
                    </Button>
                  )}
                </FileButton>
              )}
            </Group>
            {doc.versions.map((v) => (
              <Text key={v.fileId} size="xs">
                <Anchor href={projectsFiles.version(project.id, v.fileId)} target="_blank" rel="noopener">
                  {t('projects.files.version', { version: v.version })} · {v.name}
                </Anchor>{' '}
                —{' '}
                {t('projects.files.by', {
                  name: v.byCustomer ? `${v.by} (${t('projects.files.customer')})` : v.by,
                  at: new Date(v.at).toLocaleDateString(i18n.language),
                })}
                {v.note ? ` · ${v.note}` : ''}
              </Text>
            ))}
          </Stack>
        ))}
        {upload.error && <Alert color="red">{describeError(upload.error)}</Alert>}
      </Stack>
    </Card>
  );
}

function ParticipantsCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t } = useTranslation();
  const changed = useProjectChange(project.id);
  const members = useMembers();
  const [userId, setUserId] = useState<string | null>(null);
  const [contact, setContact] = useState<{ id: string; name: string } | null>(null);
  const [role, setRole] = useState<'participant' | 'observer'>('participant');
  const add = useMutation({
    mutationFn: () =>
      projectsApi.addProjectParticipant(project.id, {
        ...(userId ? { userId } : { contactId: contact?.id }),
        role,
      }),
    onSuccess: (p) => (changed(p), setUserId(null), setContact(null)),
  });
  const remove = useMutation({
    mutationFn: (participantId: string) => projectsApi.removeProjectParticipant(project.id, participantId),
    onSuccess: changed,
  });
  const invite = useMutation({
    mutationFn: (contactId: string) => projectsApi.invitePortal({ contactId }),
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('projects.participants.title')}</Title>
        {project.participants.map((p) => (
          <Group key={p.id} justify="space-between" data-testid="project-participant">
            <Text size="sm">
              {p.user?.name ?? p.contact?.name} · {t(`projects.participants.roles.${p.role}`)}
              {p.contact ? ` (${t('projects.files.customer')})` : ''}
            </Text>
            {canWrite && (
              <Group gap={4}>
                {p.contact && (
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => invite.mutate(p.contact!.id)}
                    loading={invite.isPending && invite.variables === p.contact.id}
                  >
                    {t('projects.participants.invite')}
                  </Button>
                )}
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate(p.id)}>
                  {t('projects.participants.remove')}
                </Button>
              </Group>
            )}
          </Group>
        ))}
        {invite.data && (
          <Alert color="teal" data-testid="portal-invitation">
            <Text size="sm">
              {invite.data.emailedTo
                ? t('projects.participants.invited', { email: invite.data.emailedTo })
                : t('projects.participants.invitedNoEmail')}
            </Text>
            <Code block>{invite.data.url}</Code>
          </Alert>
        )}
        {invite.error && <Alert color="red">{describeError(invite.error)}</Alert>}
        {canWrite && (
          <Stack gap="xs">
            <Select
              label={t('projects.participants.member')}
              data={(members.data ?? []).map((m) => ({ value: m.userId, label: m.name }))}
              value={userId}
              onChange={(v) => (setUserId(v), v && setContact(null))}
              clearable
            />
            <RecordPicker
              kind="contacts"
              label={t('projects.participants.contact')}
              value={contact}
              onChange={(c) => (setContact(c), c && setUserId(null))}
              disabled={false}
            />
            <Select
              label={t('projects.participants.role')}
              data={(['participant', 'observer'] as const).map((r) => ({
                value: r,
                label: t(`projects.participants.roles.${r}`),
              }))}
              value={role}
              onChange={(v) => v && setRole(v)}
              allowDeselect={false}
            />
            <Button onClick={() => add.mutate()} disabled={!userId && !contact} loading={add.isPending}>
              {t('projects.participants.add')}
            </Button>
          </Stack>
        )}
        {(add.error || remove.error) && <Alert color="red">{describeError(add.error ?? remove.error)}</Alert>}
      </Stack>
    </Card>
  );
}

function ConversationsCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t } = useTranslation();
  const changed = useProjectChange(project.id);
  const contactId = project.contact?.id;
  const theirs = useQuery({
    queryKey: ['contact-conversations', contactId],
    queryFn: () => customersApi.listContactConversations(contactId!),
    enabled: Boolean(contactId && canWrite),
  });
  const link = useMutation({
    mutationFn: (conversationId: string) => projectsApi.linkProjectConversation(project.id, { conversationId }),
    onSuccess: changed,
  });
  const unlink = useMutation({
    mutationFn: (conversationId: string) => projectsApi.unlinkProjectConversation(project.id, conversationId),
    onSuccess: changed,
  });
  const linked = new Set(project.conversations.map((c) => c.id));
  const options = (theirs.data?.items ?? [])
    .filter((c) => !linked.has(c.id))
    .map((c) => ({ value: c.id, label: `${c.channel ?? ''} · ${c.title} · ${new Date(c.at).toLocaleDateString()}` }));
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('projects.conversations.title')}</Title>
        {project.conversations.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('projects.conversations.empty')}
          </Text>
        )}
        {project.conversations.map((c) => (
          <Group key={c.id} justify="space-between" data-testid="project-conversation">
            <Anchor component={Link} to={`/inbox/${c.id}`} size="sm">
              {c.channel} · {c.subject ?? c.status}
            </Anchor>
            {canWrite && (
              <Button size="compact-xs" variant="subtle" onClick={() => unlink.mutate(c.id)}>
                {t('projects.conversations.unlink')}
              </Button>
            )}
          </Group>
        ))}
        {canWrite && contactId && (
          <Select
            label={t('projects.conversations.link')}
            data={options}
            value={null}
            onChange={(v) => v && link.mutate(v)}
          />
        )}
        {(link.error || unlink.error) && <Alert color="red">{describeError(link.error ?? unlink.error)}</Alert>}
      </Stack>
    </Card>
  );
}

function describeItem(item: ProjectTimelineItem, t: (key: string, values?: Record<string, unknown>) => string): string {
  const data = item.data as Record<string, string | number>;
  if (item.kind === 'status')
    return t('projects.timeline.kinds.status', {
      from: t(`projects.status.${data.from}`),
      to: t(`projects.status.${data.to}`),
    });
  if (item.kind === 'time') return t('projects.timeline.kinds.time', { minutes: data.minutes });
  return t(`projects.timeline.kinds.${item.kind}`, { body: item.body });
}

function TimelineCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const timeline = useQuery({
    queryKey: ['project-timeline', project.id],
    queryFn: () => projectsApi.getProjectTimeline(project.id),
  });
  const [body, setBody] = useState('');
  const [isPublic, setPublic] = useState(false);
  const comment = useMutation({
    mutationFn: () => projectsApi.createProjectComment(project.id, { body, public: isPublic }),
    onSuccess: () => (setBody(''), void client.invalidateQueries({ queryKey: ['project-timeline', project.id] })),
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('projects.timeline.title')}</Title>
        {canWrite && (
          <Stack gap={4}>
            <Textarea
              aria-label={t('projects.timeline.comment')}
              placeholder={t('projects.timeline.comment')}
              value={body}
              onChange={(e) => setBody(e.currentTarget.value)}
              autosize
              minRows={2}
            />
            <Group justify="space-between">
              <Switch
                size="xs"
                label={t('projects.timeline.public')}
                checked={isPublic}
                onChange={(e) => setPublic(e.currentTarget.checked)}
              />
              <Button size="xs" onClick={() => comment.mutate()} disabled={!body.trim()} loading={comment.isPending}>
                {t('projects.timeline.send')}
              </Button>
            </Group>
            {comment.error && <Alert color="red">{describeError(comment.error)}</Alert>}
          </Stack>
        )}
        {(timeline.data ?? []).map((item) => (
          <Stack key={item.id} gap={0} data-testid="project-timeline-item">
            <Group gap={6}>
              <Text size="xs" c="dimmed">
                {new Date(item.at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })}
              </Text>
              {item.by && (
                <Text size="xs" fw={600}>
                  {item.by}
                </Text>
              )}
              {item.public && (
                <Badge size="xs" variant="light">
                  {t('projects.timeline.publicBadge')}
                </Badge>
              )}
              {item.kind === 'message' && (
                <Badge size="xs" color="gray">
                  {String(item.data.channel)}
                </Badge>
              )}
            </Group>
            <Text size="sm">
              {item.kind === 'comment' || item.kind === 'message' ? item.body : describeItem(item, t)}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}

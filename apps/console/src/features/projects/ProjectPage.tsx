// One project or work order: its status and details (saved with the version they were read at), tasks scheduled in
// working days with their timers, files in versions, participants, linked conversations and the timeline.
import './projects-i18n';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { Project, ProjectStatus } from '@atiende/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, describeError } from '../../api';
import { can, useSession } from '../../session';
import { RecordPicker } from '../../components/RecordPicker';
import { statusColor } from './ProjectsPage';
import { TimerBar } from './TimerBar';
import { SaveError } from '../../layout/SaveError';
import { useMembers } from '../settings/api';
import { projectsApi, useProjectChange } from './api';
import { TasksCard, TimeCard } from './ProjectWork';
import { FilesCard, ParticipantsCard, ConversationsCard, TimelineCard } from './ProjectRecords';

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
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
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

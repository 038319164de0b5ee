// What a project keeps besides its work: files in versions, the people taking part, the conversations about it and
// its timeline.
import './projects-i18n';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { Project, ProjectTimelineItem } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { RecordPicker } from '../../components/RecordPicker';
import { useMembers } from '../settings/api';
import { customersApi } from '../customers/api';
import { projectsApi, projectsFiles, useProjectChange } from './api';
import { PortalInvitationResult, usePortalInvitation } from './PortalAccess';
import { localeOf } from '../../locale';

export function FilesCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
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
                  at: new Date(v.at).toLocaleDateString(localeOf(i18n.language)),
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

export function ParticipantsCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
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
  const invite = usePortalInvitation();
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
        <PortalInvitationResult invite={invite} />
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

export function ConversationsCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
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
    .map((c) => ({
      value: c.id,
      label: `${c.channel ?? ''} · ${c.title} · ${new Date(c.at).toLocaleDateString(localeOf(i18n.language))}`,
    }));
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

export function describeItem(
  item: ProjectTimelineItem,
  t: (key: string, values?: Record<string, unknown>) => string,
): string {
  const data = item.data as Record<string, string | number>;
  if (item.kind === 'status')
    return t('projects.timeline.kinds.status', {
      from: t(`projects.status.${data.from}`),
      to: t(`projects.status.${data.to}`),
    });
  if (item.kind === 'time') return t('projects.timeline.kinds.time', { minutes: data.minutes });
  return t(`projects.timeline.kinds.${item.kind}`, { body: item.body });
}

export function TimelineCard({ project, canWrite }: { project: Project; canWrite: boolean }) {
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
                {new Date(item.at).toLocaleString(localeOf(i18n.language), { dateStyle: 'short', timeStyle: 'short' })}
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

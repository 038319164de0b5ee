// Members and their roles, and invitation links.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ConversationAccess, Invitation, Role } from '@atiende/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session';
import { useInvitations, useMembers, useRemoveMember, useUpdateMember } from './api';
import { settingsApi } from './api';
import { localeOf } from '../../locale';

const roles: Role[] = ['owner', 'admin', 'agent', 'viewer'];
const accessLevels: ConversationAccess[] = ['all', 'teams', 'teams_and_customers'];

export function TeamSettings() {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const members = useMembers();
  const invitations = useInvitations();
  const [role, setRole] = useState<Role>('agent');
  const [email, setEmail] = useState('');
  const [created, setCreated] = useState<Invitation | null>(null);
  const roleOptions = roles
    .filter((r) => r !== 'owner' || session.workspace.role === 'owner')
    .map((r) => ({ value: r, label: t(`roles.${r}`) }));

  const invite = useMutation({
    mutationFn: () => settingsApi.createInvitation({ role, ...(email.trim() ? { email: email.trim() } : {}) }),
    onSuccess: (invitation) => {
      setCreated(invitation);
      setEmail('');
      void client.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  const changeRole = useUpdateMember();
  const accessOptions = accessLevels.map((a) => ({ value: a, label: t(`team.access.${a}`) }));
  const remove = useRemoveMember();
  const revoke = useMutation({
    mutationFn: (id: string) => settingsApi.deleteInvitation(id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['invitations'] }),
  });
  const error = invite.error ?? changeRole.error ?? remove.error ?? revoke.error;

  return (
    <Stack>
      <Title order={3}>{t('nav.team')}</Title>
      <Paper withBorder p="md">
        <Stack>
          <Title order={5}>{t('team.invite')}</Title>
          <Group align="flex-end">
            <Select
              label={t('team.role')}
              data={roleOptions}
              value={role}
              onChange={(v) => v && setRole(v)}
              allowDeselect={false}
              w={160}
            />
            <TextInput
              label={t('team.inviteEmail')}
              description={t('team.inviteEmailHelp')}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button onClick={() => invite.mutate()} loading={invite.isPending}>
              {t('team.createLink')}
            </Button>
          </Group>
          {created?.url && (
            <Alert color="teal" title={t('team.linkReady')}>
              <Group gap="xs" wrap="nowrap">
                <Code data-testid="invite-url" style={{ overflowWrap: 'anywhere' }}>
                  {created.url}
                </Code>
                <CopyButton value={created.url}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Alert>
          )}
        </Stack>
      </Paper>
      {error && <Alert color="red">{error.message}</Alert>}
      <Paper withBorder p="md">
        <Title order={5} mb="xs">
          {t('team.members')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t('team.accessHelp')}
        </Text>
        {/* Rows that wrap: on a phone the controls go under the name instead of off the screen. */}
        <Stack gap={0}>
          {members.data?.map((m) => (
            <Group
              key={m.userId}
              data-testid="member"
              justify="space-between"
              align="center"
              gap="xs"
              py="xs"
              style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
            >
              <div style={{ minWidth: 180, flex: '1 1 180px' }}>
                <Group gap={6}>
                  <Text size="sm" fw={500}>
                    {m.name}
                  </Text>
                  {m.online ? (
                    <Badge color="teal" variant="dot" size="sm">
                      {t('team.online')}
                    </Badge>
                  ) : (
                    <Badge color="gray" variant="dot" size="sm">
                      {t('team.offline')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {m.email}
                </Text>
              </div>
              <Group gap="xs" wrap="wrap">
                <Select
                  size="xs"
                  w={140}
                  aria-label={t('team.role')}
                  data={
                    roleOptions.some((o) => o.value === m.role)
                      ? roleOptions
                      : [...roleOptions, { value: m.role, label: t(`roles.${m.role}`) }]
                  }
                  value={m.role}
                  allowDeselect={false}
                  disabled={m.userId === session.user.id}
                  onChange={(v) => v && changeRole.mutate({ userId: m.userId, role: v })}
                />
                {/* Owners and admins see every conversation whatever this says; agents and viewers as chosen. */}
                {m.role === 'agent' || m.role === 'viewer' ? (
                  <Select
                    size="xs"
                    w={230}
                    aria-label={t('team.accessLabel')}
                    data={accessOptions}
                    value={m.conversationAccess}
                    allowDeselect={false}
                    onChange={(v) => v && changeRole.mutate({ userId: m.userId, conversationAccess: v })}
                  />
                ) : (
                  <Text size="xs" c="dimmed" w={230}>
                    {t('team.access.all')}
                  </Text>
                )}
                {m.userId !== session.user.id ? (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('team.remove')}
                    onClick={() => window.confirm(t('team.confirmRemove', { name: m.name })) && remove.mutate(m.userId)}
                  >
                    ×
                  </ActionIcon>
                ) : (
                  <span style={{ width: 28 }} />
                )}
              </Group>
            </Group>
          ))}
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Title order={5} mb="sm">
          {t('team.invitations')}
        </Title>
        {invitations.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('team.noInvitations')}
          </Text>
        )}
        <Stack gap="xs">
          {invitations.data?.map((inv) => {
            const state = inv.acceptedAt
              ? 'accepted'
              : inv.revokedAt
                ? 'revoked'
                : new Date(inv.expiresAt) < new Date()
                  ? 'expired'
                  : 'pending';
            return (
              <Group key={inv.id} justify="space-between">
                <Text size="sm">
                  {t(`roles.${inv.role}`)} · {inv.email ?? t('team.anyone')} ·{' '}
                  {new Date(inv.createdAt).toLocaleDateString(localeOf(i18n.language))}
                </Text>
                <Group gap="xs">
                  <Badge variant="light" color={state === 'pending' ? 'cyan' : 'gray'}>
                    {t(`team.state.${state}`)}
                  </Badge>
                  {state === 'pending' && (
                    <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(inv.id)}>
                      {t('team.revoke')}
                    </Button>
                  )}
                </Group>
              </Group>
            );
          })}
        </Stack>
      </Paper>
    </Stack>
  );
}

// The signed-in frame: navigation, workspace name, language switch, live state and sign-out; collapses on phones.
import {
  AppShell,
  Badge,
  Burger,
  Center,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useRealtime } from '../realtime';
import { can, useSession, useSetSession } from '../session';
import { useMembers } from '../features/settings/api';
import { authApi } from '../features/auth/api';
import { settingsApi } from '../features/settings/api';

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession().data!;
  const setSession = useSetSession();
  const location = useLocation();
  const live = useRealtime(true);

  const changeLanguage = async (language: string) => {
    setSession(await settingsApi.updateProfile({ language }));
  };
  const switchWorkspace = async (workspaceId: string) => {
    await authApi.createWorkspace({ workspaceId });
    // Everything on screen belonged to the other workspace: start clean.
    window.location.assign('/inbox');
  };
  const logout = async () => {
    await authApi.signOut().catch(() => undefined);
    // A full page load leaves nothing of the previous person in memory.
    window.location.assign('/login');
  };

  const links = [
    { to: '/inbox', label: t('nav.inbox') },
    { to: '/contacts', label: t('nav.contacts') },
    { to: '/companies', label: t('nav.companies') },
    { to: '/segments', label: t('nav.segments') },
    { to: '/personas', label: t('nav.personas') },
    { to: '/deals', label: t('nav.deals') },
    { to: '/quotes', label: t('nav.quotes') },
    { to: '/projects', label: t('nav.projects') },
    { to: '/sequences', label: t('nav.sequences') },
    { to: '/subscriptions', label: t('nav.subscriptions') },
    { to: '/health', label: t('nav.health') },
    { to: '/incidents', label: t('nav.incidents') },
    { to: '/knowledge', label: t('nav.knowledge') },
    { to: '/training', label: t('nav.training') },
    ...(can(session, 'admin')
      ? [
          { to: '/surveys', label: t('nav.surveys') },
          { to: '/standards', label: t('nav.standards') },
        ]
      : []),
    { to: '/settings/profile', label: t('nav.profile') },
    ...(can(session, 'agent') ? [{ to: '/settings/inbox', label: t('nav.inboxSetup') }] : []),
    ...(can(session, 'admin')
      ? [
          { to: '/settings/workspace', label: t('nav.workspace') },
          { to: '/settings/team', label: t('nav.team') },
          { to: '/settings/channels', label: t('nav.channels') },
          { to: '/settings/teams', label: t('nav.teams') },
          { to: '/settings/sla', label: t('nav.sla') },
          { to: '/settings/widget', label: t('nav.widget') },
          { to: '/settings/api', label: t('nav.api') },
          { to: '/settings/webhooks', label: t('nav.webhooks') },
          { to: '/settings/automation', label: t('nav.automation') },
          { to: '/settings/fields', label: t('nav.customFields') },
          { to: '/settings/audit', label: t('nav.audit') },
          { to: '/privacy', label: t('nav.privacy') },
        ]
      : []),
  ];

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Title order={4} c="cyan.8">
              Atiende
            </Title>
            {session.workspaces.length > 1 ? (
              <Select
                size="xs"
                w={200}
                visibleFrom="xs"
                aria-label={t('nav.switchWorkspace')}
                value={session.workspace.id}
                allowDeselect={false}
                data={session.workspaces.map((w) => ({ value: w.id, label: w.name }))}
                onChange={(id) => id && id !== session.workspace.id && void switchWorkspace(id)}
              />
            ) : (
              <Text size="sm" c="dimmed" truncate visibleFrom="xs">
                {session.workspace.name}
              </Text>
            )}
            {session.workspace.isDemo && (
              <Badge color="grape" variant="light">
                {t('nav.demo')}
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Tooltip label={live === 'live' ? t('live.on') : t('live.off')}>
              <Badge data-testid="live-state" color={live === 'live' ? 'teal' : 'gray'} variant="dot">
                {live === 'live' ? t('live.short') : '…'}
              </Badge>
            </Tooltip>
            <SegmentedControl
              size="xs"
              value={session.user.language}
              onChange={changeLanguage}
              data={[
                { value: 'es', label: 'ES' },
                { value: 'en', label: 'EN' },
              ]}
              aria-label={t('nav.language')}
            />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm">
        {/* The links scroll on short screens; who is signed in, availability and sign-out stay in view. */}
        <AppShell.Section grow component={ScrollArea} mb="sm">
          <Stack gap={2}>
            {links.map((link) => (
              <NavLink
                key={link.to}
                component={RouterLink}
                to={link.to}
                label={link.label}
                active={location.pathname.startsWith(link.to)}
                onClick={close}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {session.user.name}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`roles.${session.workspace.role}`)}
            </Text>
            {can(session, 'agent') && <AvailabilitySwitch userId={session.user.id} />}
            <UnstyledButton onClick={logout} c="red.8" fz="sm">
              {t('nav.logout')}
            </UnstyledButton>
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main h="100dvh">
        <Suspense
          fallback={
            <Center h="100%">
              <Loader />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

/** Available or away: round robin gives new conversations only to those available. */
function AvailabilitySwitch({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const members = useMembers();
  const current = members.data?.find((m) => m.userId === userId)?.availability ?? 'available';
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('inbox.availability.available')}
      value={current}
      onChange={(value) =>
        void settingsApi
          .setAvailability({ availability: value })
          .then(() => client.invalidateQueries({ queryKey: ['members'] }))
      }
      data={(['available', 'away'] as const).map((a) => ({ value: a, label: t(`inbox.availability.${a}`) }))}
    />
  );
}

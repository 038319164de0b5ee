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
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import {
  type Icon,
  IconAddressBook,
  IconAlertTriangle,
  IconArrowsSplit,
  IconBolt,
  IconBook,
  IconBuilding,
  IconBuildingStore,
  IconCalendarRepeat,
  IconChartBar,
  IconChartFunnel,
  IconClockHour4,
  IconFileInvoice,
  IconFilter,
  IconForms,
  IconHeadset,
  IconHeartbeat,
  IconHome,
  IconInbox,
  IconKey,
  IconListDetails,
  IconMessageCircle,
  IconMoodSmile,
  IconPlugConnected,
  IconRepeat,
  IconSchool,
  IconSettings,
  IconShieldLock,
  IconTags,
  IconTool,
  IconUser,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useRealtime } from '../realtime';
import { can, useSession, useSetSession } from '../session';
import { useMembers } from '../features/settings/api';
import { authApi } from '../features/auth/api';
import { useWaitingCounts } from '../features/conversations/api';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { SearchButton, SearchPalette, useSearchShortcut } from '../features/search/SearchPalette';
import { settingsApi } from '../features/settings/api';

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession().data!;
  const setSession = useSetSession();
  const location = useLocation();
  const live = useRealtime(true);
  const [searching, { open: openSearch, close: closeSearch }] = useDisclosure();
  useSearchShortcut(openSearch);

  const changeLanguage = async (language: string) => {
    setSession(await settingsApi.updateProfile({ language }));
  };
  const switchWorkspace = async (workspaceId: string) => {
    await authApi.createWorkspace({ workspaceId });
    // Everything on screen belonged to the other workspace: start clean.
    window.location.assign('/today');
  };
  const logout = async () => {
    await authApi.signOut().catch(() => undefined);
    // A full page load leaves nothing of the previous person in memory.
    window.location.assign('/login');
  };

  const admin = can(session, 'admin');
  const groups: NavGroup[] = [
    {
      key: 'service',
      icon: IconHeadset,
      links: [
        { to: '/inbox', label: t('nav.inbox'), icon: IconInbox, count: true },
        { to: '/incidents', label: t('nav.incidents'), icon: IconAlertTriangle },
        { to: '/knowledge', label: t('nav.knowledge'), icon: IconBook },
        { to: '/training', label: t('nav.training'), icon: IconSchool },
      ],
    },
    {
      key: 'customers',
      icon: IconUsers,
      links: [
        { to: '/contacts', label: t('nav.contacts'), icon: IconAddressBook },
        { to: '/companies', label: t('nav.companies'), icon: IconBuilding },
        { to: '/segments', label: t('nav.segments'), icon: IconFilter },
        { to: '/personas', label: t('nav.personas'), icon: IconUserCircle },
        { to: '/health', label: t('nav.health'), icon: IconHeartbeat },
      ],
    },
    {
      key: 'sales',
      icon: IconChartFunnel,
      links: [
        { to: '/deals', label: t('nav.deals'), icon: IconChartFunnel },
        { to: '/quotes', label: t('nav.quotes'), icon: IconFileInvoice },
        { to: '/sequences', label: t('nav.sequences'), icon: IconRepeat },
      ],
    },
    {
      key: 'afterSales',
      icon: IconTool,
      links: [
        { to: '/projects', label: t('nav.projects'), icon: IconTool },
        { to: '/subscriptions', label: t('nav.subscriptions'), icon: IconCalendarRepeat },
      ],
    },
    ...(admin
      ? [
          {
            key: 'analysis' as const,
            icon: IconChartBar,
            links: [
              { to: '/standards', label: t('nav.standards'), icon: IconChartBar },
              { to: '/surveys', label: t('nav.surveys'), icon: IconMoodSmile },
            ],
          },
        ]
      : []),
    {
      key: 'settings',
      icon: IconSettings,
      folded: true,
      links: [
        { to: '/settings/profile', label: t('nav.profile'), icon: IconUser },
        ...(can(session, 'agent') ? [{ to: '/settings/inbox', label: t('nav.inboxSetup'), icon: IconTags }] : []),
        ...(admin
          ? [
              { to: '/settings/workspace', label: t('nav.workspace'), icon: IconBuildingStore },
              { to: '/settings/team', label: t('nav.team'), icon: IconUsersGroup },
              { to: '/settings/channels', label: t('nav.channels'), icon: IconPlugConnected },
              { to: '/settings/teams', label: t('nav.teams'), icon: IconArrowsSplit },
              { to: '/settings/sla', label: t('nav.sla'), icon: IconClockHour4 },
              { to: '/settings/widget', label: t('nav.widget'), icon: IconMessageCircle },
              { to: '/settings/automation', label: t('nav.automation'), icon: IconBolt },
              { to: '/settings/fields', label: t('nav.customFields'), icon: IconForms },
              { to: '/settings/api', label: t('nav.api'), icon: IconKey },
              { to: '/settings/webhooks', label: t('nav.webhooks'), icon: IconWebhook },
              { to: '/settings/audit', label: t('nav.audit'), icon: IconListDetails },
              { to: '/privacy', label: t('nav.privacy'), icon: IconShieldLock },
            ]
          : []),
      ],
    },
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
            <Text fw={700} fz="lg" c="cyan.9" component="span">
              Atiende
            </Text>
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
              <Badge color="grape" variant="light" visibleFrom="xs">
                {t('nav.demo')}
              </Badge>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SearchButton onOpen={openSearch} />
            <NotificationBell />
            <Tooltip label={live === 'live' ? t('live.on') : t('live.off')}>
              <Badge data-testid="live-state" color={live === 'live' ? 'teal' : 'gray'} variant="dot" visibleFrom="sm">
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
          <nav aria-label={t('nav.menu')}>
            <Stack gap={2}>
              <NavLink
                component={RouterLink}
                to="/today"
                label={t('frame.home.title')}
                leftSection={<IconHome size={18} aria-hidden />}
                active={location.pathname === '/today'}
                onClick={close}
                fw={600}
              />
              {groups.map((group) => (
                <NavSection key={group.key} group={group} pathname={location.pathname} onNavigate={close} />
              ))}
            </Stack>
          </nav>
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
      <SearchPalette opened={searching} onClose={closeSearch} />
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

interface NavEntry {
  to: string;
  label: string;
  icon: Icon;
  /** Shows how many conversations wait for me. */
  count?: boolean;
}
interface NavGroup {
  key: 'service' | 'customers' | 'sales' | 'afterSales' | 'analysis' | 'settings';
  icon: Icon;
  links: NavEntry[];
  /** Closed unless one of its pages is open (the settings). */
  folded?: boolean;
}

/** One group of the navigation: a heading that folds and unfolds (remembered per browser), and its pages. */
function NavSection({ group, pathname, onNavigate }: { group: NavGroup; pathname: string; onNavigate: () => void }) {
  const { t } = useTranslation();
  const here = group.links.some((link) => pathname.startsWith(link.to));
  const storageKey = `atiende.nav.${group.key}`;
  const [open, setOpen] = useState(() => {
    const stored = localStorage.getItem(storageKey);
    return stored ? stored === 'open' : !group.folded;
  });
  const toggle = () => {
    localStorage.setItem(storageKey, open ? 'closed' : 'open');
    setOpen(!open);
  };
  const GroupIcon = group.icon;
  return (
    <NavLink
      label={t(`frame.groups.${group.key}`)}
      leftSection={<GroupIcon size={18} aria-hidden />}
      opened={open || here}
      onChange={toggle}
      childrenOffset={12}
      fw={600}
      data-testid={`nav-group-${group.key}`}
    >
      {group.links.map((link) => {
        const LinkIcon = link.icon;
        return (
          <NavLink
            key={link.to}
            component={RouterLink}
            to={link.to}
            label={link.label}
            leftSection={<LinkIcon size={16} aria-hidden />}
            rightSection={link.count ? <WaitingCount /> : undefined}
            active={pathname.startsWith(link.to)}
            onClick={onNavigate}
          />
        );
      })}
    </NavLink>
  );
}

/** Beside the inbox: open conversations of mine awaiting an answer, else mine, else the unassigned ones. */
function WaitingCount() {
  const { t } = useTranslation();
  const counts = useWaitingCounts().data;
  if (!counts) return null;
  const [count, label] =
    counts.mineWaiting > 0
      ? [counts.mineWaiting, t('frame.waiting.mineWaiting', { count: counts.mineWaiting })]
      : counts.mine > 0
        ? [counts.mine, t('frame.waiting.mine', { count: counts.mine })]
        : [counts.unassigned, t('frame.waiting.unassigned', { count: counts.unassigned })];
  if (!count) return null;
  return (
    <Badge
      size="sm"
      circle={count < 10}
      color={counts.mineWaiting > 0 ? 'red.8' : 'gray.7'}
      aria-label={label}
      title={label}
      data-testid="inbox-count"
    >
      {count > 99 ? '99+' : count}
    </Badge>
  );
}

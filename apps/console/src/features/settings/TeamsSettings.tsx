// Teams (members, capacity, automatic assignment) and the routing rules that send new conversations to them.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { BusinessHours, RoutingRule, Team } from '@atiende/contract';
import { BusinessHoursEditor } from './WorkspaceSettingsForm';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useMembers, useRoutingRules, useTeams, useWorkspace } from './api';
import { useSegments } from '../segments/api';
import { settingsApi } from './api';

const channels = ['webchat', 'whatsapp', 'email', 'phone', 'visit'] as const;

function useAction() {
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (work: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      after?.();
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal_error', String(e)));
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, field: (path: string) => error?.fields.find((f) => f.path === path)?.message };
}

export function TeamsSettings() {
  const { t } = useTranslation();
  const teams = useTeams();
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('teamSettings.teams')}</Title>
        <Button onClick={() => setEditing('new')}>{t('teamSettings.newTeam')}</Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('teamSettings.intro')}
      </Text>
      {teams.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('teamSettings.none')}
        </Text>
      )}
      {teams.data?.map((team) => (
        <Paper
          key={team.id}
          withBorder
          p="sm"
          data-testid="team"
          onClick={() => setEditing(team)}
          style={{ cursor: 'pointer' }}
        >
          <Group justify="space-between">
            <Text fw={600}>{team.name}</Text>
            {team.autoAssign && <Badge variant="light">{t('teamSettings.autoAssign')}</Badge>}
          </Group>
          <Group gap="xs" mt={4}>
            {team.members.map((m) => (
              <Badge key={m.userId} variant="outline" color={m.availability === 'away' ? 'gray' : 'teal'}>
                {m.name} · {t('teamSettings.open', { count: m.open })}/{m.capacity}
              </Badge>
            ))}
          </Group>
        </Paper>
      ))}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('teamSettings.newTeam') : editing?.name}
        size="lg"
      >
        {editing && <TeamForm team={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
      <RoutingRules teams={teams.data ?? []} />
    </Stack>
  );
}

function TeamForm({ team, onDone }: { team: Team | null; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const members = useMembers();
  const agents = (members.data ?? []).filter((m) => m.role !== 'viewer');
  const [name, setName] = useState(team?.name ?? '');
  const [leadId, setLeadId] = useState<string | null>(team?.leadId ?? null);
  const [autoAssign, setAutoAssign] = useState(team?.autoAssign ?? true);
  const workspace = useWorkspace();
  // null: the team works the workspace's hours.
  const [hours, setHours] = useState<BusinessHours | null>(team?.businessHours ?? null);
  const [list, setList] = useState<{ userId: string; capacity: number }[]>(
    team?.members.map((m) => ({ userId: m.userId, capacity: m.capacity })) ?? [],
  );
  const action = useAction();
  const save = () =>
    action.run(
      () =>
        settingsApi.saveTeam(team?.id ?? null, {
          name,
          leadId,
          autoAssign,
          members: list,
          businessHours: hours,
        }),
      () => {
        void client.invalidateQueries({ queryKey: ['teams'] });
        onDone();
      },
    );
  const remove = () =>
    action.run(
      () => settingsApi.deleteTeam(team!.id),
      () => {
        void client.invalidateQueries({ queryKey: ['teams'] });
        onDone();
      },
    );
  return (
    <Stack gap="sm">
      {action.error && <Alert color="red">{action.error.message}</Alert>}
      <TextInput
        label={t('teamSettings.name')}
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={action.field('name')}
      />
      <Select
        label={t('teamSettings.lead')}
        clearable
        value={leadId}
        onChange={setLeadId}
        data={agents.map((m) => ({ value: m.userId, label: m.name }))}
      />
      <Checkbox
        label={t('teamSettings.autoAssign')}
        checked={autoAssign}
        onChange={(e) => setAutoAssign(e.currentTarget.checked)}
      />
      <Checkbox
        label={t('teamSettings.ownHours')}
        description={t('teamSettings.ownHoursHelp')}
        checked={hours !== null}
        disabled={!workspace.data}
        onChange={(e) => setHours(e.currentTarget.checked ? (workspace.data?.businessHours ?? null) : null)}
      />
      {hours && <BusinessHoursEditor value={hours} onChange={setHours} />}
      <MultiSelect
        searchable
        label={t('teamSettings.members')}
        value={list.map((m) => m.userId)}
        data={agents.map((m) => ({ value: m.userId, label: m.name }))}
        onChange={(ids) =>
          setList(ids.map((userId) => list.find((m) => m.userId === userId) ?? { userId, capacity: 10 }))
        }
      />
      {list.map((m, i) => (
        <Group key={m.userId} gap="sm">
          <Text size="sm" w={200}>
            {agents.find((a) => a.userId === m.userId)?.name}
          </Text>
          <NumberInput
            size="xs"
            w={120}
            aria-label={t('teamSettings.capacity')}
            min={1}
            max={500}
            value={m.capacity}
            onChange={(v) => setList(list.map((x, j) => (j === i ? { ...x, capacity: Number(v) || 1 } : x)))}
          />
        </Group>
      ))}
      <Group justify="space-between">
        {team ? (
          <Button variant="subtle" color="red" onClick={remove}>
            {t('teamSettings.delete')}
          </Button>
        ) : (
          <span />
        )}
        <Button loading={action.busy} onClick={save}>
          {t('teamSettings.save')}
        </Button>
      </Group>
    </Stack>
  );
}

type RuleDraft = {
  name: string;
  teamId: string | null;
  channels: string[];
  keywords: string[];
  segmentId: string | null;
  during: string;
  priority: string | null;
  enabled: boolean;
};

function RoutingRules({ teams }: { teams: Team[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const rules = useRoutingRules();
  const segments = useSegments();
  const [draft, setDraft] = useState<RuleDraft | null>(null);
  const [editingId, setEditingId] = useState<string | null>(null);
  const action = useAction();
  const refresh = () => void client.invalidateQueries({ queryKey: ['routing-rules'] });
  const open = (rule?: RoutingRule) => {
    setEditingId(rule?.id ?? null);
    setDraft(
      rule
        ? {
            name: rule.name,
            teamId: rule.teamId,
            channels: rule.conditions.channels,
            keywords: rule.conditions.keywords,
            segmentId: rule.conditions.segmentId,
            during: rule.conditions.during,
            priority: rule.priority,
            enabled: rule.enabled,
          }
        : {
            name: '',
            teamId: teams[0]?.id ?? null,
            channels: [],
            keywords: [],
            segmentId: null,
            during: 'any',
            priority: null,
            enabled: true,
          },
    );
  };
  const save = () =>
    action.run(
      () =>
        settingsApi.saveRoutingRule(editingId, {
          name: draft!.name,
          teamId: draft!.teamId,
          priority: draft!.priority,
          enabled: draft!.enabled,
          conditions: {
            channels: draft!.channels,
            keywords: draft!.keywords,
            segmentId: draft!.segmentId,
            during: draft!.during,
          },
        }),
      () => {
        setDraft(null);
        refresh();
      },
    );
  const move = (index: number, by: number) => {
    const ids = (rules.data ?? []).map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    void action.run(() => settingsApi.reorderRoutingRules({ ids }), refresh);
  };
  const teamName = (id: string) => teams.find((x) => x.id === id)?.name ?? '';
  return (
    <Stack mt="lg">
      <Group justify="space-between">
        <Title order={4}>{t('teamSettings.rules')}</Title>
        <Button variant="light" disabled={!teams.length} onClick={() => open()}>
          {t('teamSettings.newRule')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('teamSettings.rulesIntro')}
      </Text>
      {rules.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('teamSettings.noRules')}
        </Text>
      )}
      {rules.data?.map((rule, i) => (
        <Paper key={rule.id} withBorder p="xs" data-testid="routing-rule">
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={0} style={{ cursor: 'pointer', flex: 1 }} onClick={() => open(rule)}>
              <Text size="sm" fw={500} c={rule.enabled ? undefined : 'dimmed'}>
                {i + 1}. {rule.name} → {teamName(rule.teamId)}
              </Text>
              <Text size="xs" c="dimmed">
                {[
                  rule.conditions.channels.map((c) => t(`channels.${c}`)).join(', '),
                  rule.conditions.keywords.join(', '),
                  t(`teamSettings.duringOptions.${rule.conditions.during}`),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Text>
            </Stack>
            <Group gap={2}>
              <ActionIcon
                variant="subtle"
                aria-label={t('teamSettings.up')}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                aria-label={t('teamSettings.down')}
                disabled={i === (rules.data?.length ?? 0) - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </ActionIcon>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('teamSettings.delete')}
                onClick={() => void action.run(() => settingsApi.deleteRoutingRule(rule.id), refresh)}
              >
                ×
              </ActionIcon>
            </Group>
          </Group>
        </Paper>
      ))}
      <Modal opened={draft !== null} onClose={() => setDraft(null)} title={t('teamSettings.newRule')} size="lg">
        {draft && (
          <Stack gap="sm">
            {action.error && <Alert color="red">{action.error.message}</Alert>}
            <TextInput
              label={t('teamSettings.name')}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              error={action.field('name')}
            />
            <MultiSelect
              label={t('teamSettings.channels')}
              value={draft.channels}
              onChange={(v) => setDraft({ ...draft, channels: v })}
              data={channels.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
            />
            <TagsInput
              label={t('teamSettings.keywords')}
              value={draft.keywords}
              onChange={(v) => setDraft({ ...draft, keywords: v })}
            />
            <Group grow>
              <Select
                label={t('teamSettings.segment')}
                clearable
                value={draft.segmentId}
                onChange={(v) => setDraft({ ...draft, segmentId: v })}
                data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
              />
              <Select
                label={t('teamSettings.during')}
                allowDeselect={false}
                value={draft.during}
                onChange={(v) => v && setDraft({ ...draft, during: v })}
                data={(['any', 'open', 'closed'] as const).map((d) => ({
                  value: d,
                  label: t(`teamSettings.duringOptions.${d}`),
                }))}
              />
            </Group>
            <Group grow>
              <Select
                label={t('teamSettings.team')}
                allowDeselect={false}
                value={draft.teamId}
                onChange={(v) => setDraft({ ...draft, teamId: v })}
                data={teams.map((x) => ({ value: x.id, label: x.name }))}
                error={action.field('teamId')}
              />
              <Select
                label={t('teamSettings.priority')}
                clearable
                value={draft.priority}
                onChange={(v) => setDraft({ ...draft, priority: v })}
                data={(['low', 'normal', 'high', 'urgent'] as const).map((p) => ({
                  value: p,
                  label: t(`inbox.priority.${p}`),
                }))}
              />
            </Group>
            <Checkbox
              label={t('teamSettings.enabled')}
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
            />
            <Group justify="flex-end">
              <Button loading={action.busy} onClick={save}>
                {t('teamSettings.save')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

// Settings → Automation: the rules in the order they run (on or off, how often they ran), the editor (when, if, then)
// and each rule's log of runs with what every action did.
import '../subscriptions/after-sales-i18n';
import '../projects/projects-i18n';
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
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
import {
  type AutomationAction,
  type AutomationCondition,
  type AutomationEvent,
  type AutomationField,
  type AutomationRule,
  AutomationEvent as Events,
  automationFields,
  conversationEvents,
} from '@atiende/contract';
import { rootCauseNames } from '@atiende/contract/i18n';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../../api';
import { useLabels, useMembers, useTeams, useWebhooks, useWhatsappTemplates } from '../settings/api';
import { automationApi, useAutomationRules } from './api';
import { usePipelines } from '../deals/api';
import { localeOf } from '../../locale';

type Condition = {
  field: AutomationField;
  operator: AutomationCondition['operator'];
  value: string | number | boolean | null;
};
type Action = AutomationAction;

const textOperators = ['is', 'is_not', 'contains', 'not_contains', 'is_empty', 'is_not_empty'] as const;
const numberFields = new Set<AutomationField>(['deal.value', 'subscription.price', 'quote.total']);
const actionTypes: Action['type'][] = [
  'assign_agent',
  'assign_team',
  'add_label',
  'set_priority',
  'notify',
  'send_message',
  'create_task',
  'call_webhook',
];
const onlyOnConversations = new Set<Action['type']>([
  'assign_agent',
  'assign_team',
  'add_label',
  'set_priority',
  'send_message',
]);

/** A new condition starts on what rules most often look at: the message's words, else the event's first field. */
function newCondition(fields: AutomationField[]): Condition {
  const field = fields.includes('message.text') ? 'message.text' : fields[0]!;
  return { field, operator: numberFields.has(field) ? 'gte' : 'contains', value: null };
}

function blankAction(type: Action['type']): Action {
  switch (type) {
    case 'assign_agent':
      return { type, userId: '' };
    case 'assign_team':
      return { type, teamId: '' };
    case 'add_label':
      return { type, labelId: '' };
    case 'set_priority':
      return { type, priority: 'high' };
    case 'notify':
      return { type, userIds: [], owner: true, assignee: false, text: '' };
    case 'send_message':
      return { type, body: '', whatsappTemplateId: null };
    case 'create_task':
      return { type, title: '', body: '', taskKind: 'call', dueInDays: 0, assignTo: 'owner' };
    case 'call_webhook':
      return { type, webhookId: '' };
  }
}

/** The lists the editor chooses from: members, teams, labels, pipelines, webhooks, templates. */
function useChoices() {
  const members = useMembers();
  const teams = useTeams();
  const labels = useLabels();
  const pipelines = usePipelines();
  const webhooks = useWebhooks();
  const templates = useWhatsappTemplates();
  return {
    agents: (members.data ?? []).filter((m) => m.role !== 'viewer').map((m) => ({ value: m.userId, label: m.name })),
    teams: (teams.data ?? []).map((x) => ({ value: x.id, label: x.name })),
    labels: (labels.data ?? []).map((x) => ({ value: x.id, label: x.name })),
    labelNames: (labels.data ?? []).map((x) => ({ value: x.name, label: x.name })),
    pipelines: (pipelines.data ?? []).map((x) => ({ value: x.id, label: x.name })),
    webhooks: (webhooks.data ?? []).map((x) => ({ value: x.id, label: x.description || x.url })),
    templates: (templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.language})` })),
  };
}

export function AutomationSettings() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const rules = useAutomationRules();
  const [editing, setEditing] = useState<AutomationRule | 'new' | null>(null);
  const [showing, setShowing] = useState<string | null>(null);
  const choices = useChoices();
  /** A condition's value as people say it: yes or no, a team's or person's name rather than its id. */
  const valueLabel = (c: AutomationCondition) => {
    if (c.value === null || c.operator === 'is_empty' || c.operator === 'is_not_empty') return '';
    if (typeof c.value === 'boolean' || c.value === 'true' || c.value === 'false')
      return t(String(c.value) === 'true' ? 'automation.yes' : 'automation.no');
    const named = [...choices.teams, ...choices.agents, ...choices.pipelines].find((x) => x.value === c.value);
    return named?.label ?? String(c.value);
  };
  const toggle = useMutation({
    mutationFn: (r: AutomationRule) => automationApi.updateAutomationRule(r.id, { enabled: !r.enabled }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['automation-rules'] }),
  });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('automation.title')}</Title>
        <Button onClick={() => setEditing('new')}>{t('automation.add')}</Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t('automation.intro')}
      </Text>
      {(rules.error || toggle.error) && <Alert color="red">{describeError(rules.error ?? toggle.error)}</Alert>}
      {rules.data?.length === 0 && <Text c="dimmed">{t('automation.none')}</Text>}
      {rules.data?.map((r) => (
        <Card key={r.id} withBorder data-testid="automation-rule">
          <Group justify="space-between">
            <Stack gap={2}>
              <Group gap="xs">
                <Text fw={600}>{r.name}</Text>
                <Badge variant="light">{t(`automation.events.${r.event}`)}</Badge>
              </Group>
              <Text size="xs" c="dimmed">
                {t('automation.runCount', { count: r.runs })}
                {r.lastRunAt
                  ? ` · ${t('automation.lastRun', { date: new Date(r.lastRunAt).toLocaleString(localeOf(i18n.language)) })}`
                  : ''}
              </Text>
            </Stack>
            <Group gap="xs">
              <Switch
                aria-label={t('automation.enabled')}
                label={t('automation.enabled')}
                checked={r.enabled}
                onChange={() => toggle.mutate(r)}
              />
              <Button size="xs" variant="subtle" onClick={() => setShowing(showing === r.id ? null : r.id)}>
                {t('automation.runs')}
              </Button>
              <Button size="xs" variant="light" onClick={() => setEditing(r)}>
                {t('automation.edit')}
              </Button>
            </Group>
          </Group>
          <Text size="sm" mt="xs">
            {r.conditions.length
              ? r.conditions
                  .map(
                    (c) =>
                      `${t(`automation.fields.${c.field}`)} ${t(`automation.operators.${c.operator}`)} ${valueLabel(c)}`,
                  )
                  .join(' · ')
              : t('automation.noConditions')}
            {' → '}
            {r.actions.map((a) => t(`automation.actionTypes.${a.type}`)).join(', ')}
          </Text>
          {showing === r.id && <RunLog ruleId={r.id} />}
        </Card>
      ))}
      {editing && (
        <Modal opened onClose={() => setEditing(null)} title={t('automation.title')} size="xl">
          <RuleForm rule={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />
        </Modal>
      )}
    </Stack>
  );
}

function RunLog({ ruleId }: { ruleId: string }) {
  const { t, i18n } = useTranslation();
  const runs = useQuery({
    queryKey: ['automation-runs', ruleId],
    queryFn: () => automationApi.listAutomationRuleRuns(ruleId),
  });
  if (runs.error) return <Alert color="red">{describeError(runs.error)}</Alert>;
  if (runs.data?.length === 0)
    return (
      <Text size="sm" c="dimmed" mt="xs">
        {t('automation.noRuns')}
      </Text>
    );
  return (
    <Table mt="xs" data-testid="automation-runs">
      <Table.Tbody>
        {runs.data?.map((run) => (
          <Table.Tr key={run.id}>
            <Table.Td>{new Date(run.createdAt).toLocaleString(localeOf(i18n.language))}</Table.Td>
            <Table.Td>
              <Badge
                color={run.status === 'done' ? 'teal' : run.status === 'partial' ? 'yellow' : 'red'}
                variant="light"
              >
                {t(`automation.status.${run.status}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              {run.actions.map((a, i) => (
                <Text key={i} size="xs">
                  {t(`automation.actionTypes.${a.type}`)}: {t(`automation.status.${a.status}`)}
                  {a.status !== 'done' && a.detail ? ` (${a.detail})` : ''}
                </Text>
              ))}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function RuleForm({ rule, onDone }: { rule: AutomationRule | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const choices = useChoices();
  const [name, setName] = useState(rule?.name ?? '');
  const [event, setEvent] = useState<AutomationEvent>(rule?.event ?? 'message.received');
  const [enabled, setEnabled] = useState(rule?.enabled ?? true);
  const [conditions, setConditions] = useState<Condition[]>(rule?.conditions ?? []);
  const [actions, setActions] = useState<Action[]>(rule?.actions ?? [blankAction('assign_team')]);
  const fields = automationFields[event];
  const onConversation = conversationEvents.includes(event);
  const save = useMutation({
    mutationFn: () => {
      const body = { name, event, enabled, conditions, actions };
      return rule ? automationApi.updateAutomationRule(rule.id, body) : automationApi.createAutomationRule(body);
    },
    onSuccess: () => (void client.invalidateQueries({ queryKey: ['automation-rules'] }), onDone()),
  });
  const remove = useMutation({
    mutationFn: () => automationApi.deleteAutomationRule(rule!.id),
    onSuccess: () => (void client.invalidateQueries({ queryKey: ['automation-rules'] }), onDone()),
  });
  const fieldError = (path: string) =>
    save.error instanceof ApiError
      ? save.error.fields.find((f) => f.path === path || f.path.startsWith(`${path}.`))?.message
      : undefined;
  const setCondition = (i: number, patch: Partial<Condition>) =>
    setConditions(conditions.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  const setAction = (i: number, next: Action) => setActions(actions.map((a, k) => (k === i ? next : a)));

  const valueInput = (c: Condition, i: number) => {
    if (c.operator === 'is_empty' || c.operator === 'is_not_empty') return null;
    const select = (data: { value: string; label: string }[]) => (
      <Select
        aria-label={t('automation.value')}
        data={data}
        value={c.value === null ? null : String(c.value)}
        onChange={(v) => setCondition(i, { value: v })}
        error={fieldError(`conditions.${i}.value`)}
        searchable
      />
    );
    switch (c.field) {
      case 'conversation.channel':
        return select(
          ['webchat', 'whatsapp', 'email', 'phone', 'visit'].map((v) => ({ value: v, label: t(`channels.${v}`) })),
        );
      case 'conversation.priority':
        return select(['low', 'normal', 'high', 'urgent'].map((v) => ({ value: v, label: t(`inbox.priority.${v}`) })));
      case 'conversation.teamId':
        return select(choices.teams);
      case 'conversation.assigneeId':
      case 'contact.ownerId':
        return select(choices.agents);
      case 'conversation.labels':
        return select(choices.labelNames);
      case 'contact.status':
        return select(
          ['prospect', 'active', 'former', 'blocked'].map((v) => ({ value: v, label: t(`customers.statuses.${v}`) })),
        );
      case 'time.businessHours':
        return select([
          { value: 'true', label: t('automation.yes') },
          { value: 'false', label: t('automation.no') },
        ]);
      case 'deal.pipelineId':
        return select(choices.pipelines);
      case 'incident.rootCause':
        return select(
          Object.entries(rootCauseNames[i18n.language === 'en' ? 'en' : 'es']).map(([value, label]) => ({
            value,
            label,
          })),
        );
      case 'project.status':
        return select(
          ['quoted', 'in_progress', 'delivered', 'invoiced', 'cancelled'].map((v) => ({
            value: v,
            label: t(`projects.status.${v}`),
          })),
        );
      default:
        return numberFields.has(c.field) ? (
          <NumberInput
            aria-label={t('automation.value')}
            value={typeof c.value === 'number' ? c.value : ''}
            onChange={(v) => setCondition(i, { value: typeof v === 'number' ? v : null })}
            error={fieldError(`conditions.${i}.value`)}
          />
        ) : (
          <TextInput
            aria-label={t('automation.value')}
            value={c.value === null ? '' : String(c.value)}
            onChange={(e) => setCondition(i, { value: e.currentTarget.value })}
            error={fieldError(`conditions.${i}.value`)}
          />
        );
    }
  };

  const actionInputs = (a: Action, i: number) => {
    const path = `actions.${i}`;
    switch (a.type) {
      case 'assign_agent':
        return (
          <Select
            label={t('automation.agent')}
            data={choices.agents}
            value={a.userId || null}
            onChange={(v) => setAction(i, { ...a, userId: v ?? '' })}
            error={fieldError(`${path}.userId`)}
          />
        );
      case 'assign_team':
        return (
          <Select
            label={t('automation.team')}
            data={choices.teams}
            value={a.teamId || null}
            onChange={(v) => setAction(i, { ...a, teamId: v ?? '' })}
            error={fieldError(`${path}.teamId`)}
          />
        );
      case 'add_label':
        return (
          <Select
            label={t('automation.label')}
            data={choices.labels}
            value={a.labelId || null}
            onChange={(v) => setAction(i, { ...a, labelId: v ?? '' })}
            error={fieldError(`${path}.labelId`)}
          />
        );
      case 'set_priority':
        return (
          <Select
            label={t('automation.priority')}
            data={(['low', 'normal', 'high', 'urgent'] as const).map((v) => ({
              value: v,
              label: t(`inbox.priority.${v}`),
            }))}
            value={a.priority}
            onChange={(v) => v && setAction(i, { ...a, priority: v })}
            allowDeselect={false}
          />
        );
      case 'notify':
        return (
          <Stack gap="xs">
            <MultiSelect
              label={t('automation.notifyPeople')}
              data={choices.agents}
              value={a.userIds}
              onChange={(v) => setAction(i, { ...a, userIds: v })}
              error={fieldError(`${path}.userIds`)}
            />
            <Group>
              <Checkbox
                label={t('automation.notifyOwner')}
                checked={a.owner}
                onChange={(e) => setAction(i, { ...a, owner: e.currentTarget.checked })}
              />
              {onConversation && (
                <Checkbox
                  label={t('automation.notifyAssignee')}
                  checked={a.assignee}
                  onChange={(e) => setAction(i, { ...a, assignee: e.currentTarget.checked })}
                />
              )}
            </Group>
            <TextInput
              label={t('automation.text')}
              value={a.text}
              onChange={(e) => setAction(i, { ...a, text: e.currentTarget.value })}
              error={fieldError(`${path}.text`)}
            />
          </Stack>
        );
      case 'send_message':
        return (
          <Stack gap="xs">
            <Textarea
              label={t('automation.body', {
                name: '{{name}}',
                company: '{{company}}',
                interpolation: { escapeValue: false },
              })}
              value={a.body}
              onChange={(e) => setAction(i, { ...a, body: e.currentTarget.value })}
              autosize
              minRows={2}
              error={fieldError(`${path}.body`)}
            />
            <Select
              label={t('automation.template')}
              data={choices.templates}
              value={a.whatsappTemplateId}
              onChange={(v) => setAction(i, { ...a, whatsappTemplateId: v })}
              clearable
              error={fieldError(`${path}.whatsappTemplateId`)}
            />
          </Stack>
        );
      case 'create_task':
        return (
          <Stack gap="xs">
            <TextInput
              label={t('automation.taskTitle')}
              value={a.title}
              onChange={(e) => setAction(i, { ...a, title: e.currentTarget.value })}
              error={fieldError(`${path}.title`)}
            />
            <Group grow>
              <Select
                label={t('automation.taskKind')}
                data={(['call', 'meeting', 'email', 'task'] as const).map((k) => ({
                  value: k,
                  label: t(`tasks.kinds.${k}`),
                }))}
                value={a.taskKind}
                onChange={(v) => v && setAction(i, { ...a, taskKind: v })}
                allowDeselect={false}
              />
              <NumberInput
                label={t('automation.dueInDays')}
                value={a.dueInDays}
                onChange={(v) => setAction(i, { ...a, dueInDays: Number(v) || 0 })}
                min={0}
                max={365}
              />
              <Select
                label={t('automation.assignTo')}
                data={[
                  { value: 'owner', label: t('automation.assignToOwner') },
                  ...(onConversation ? [{ value: 'assignee', label: t('automation.assignToAssignee') }] : []),
                  ...choices.agents,
                ]}
                value={a.assignTo}
                onChange={(v) => v && setAction(i, { ...a, assignTo: v })}
                allowDeselect={false}
                error={fieldError(`${path}.assignTo`)}
              />
            </Group>
          </Stack>
        );
      case 'call_webhook':
        return (
          <Select
            label={t('automation.webhook')}
            data={choices.webhooks}
            value={a.webhookId || null}
            onChange={(v) => setAction(i, { ...a, webhookId: v ?? '' })}
            error={fieldError(`${path}.webhookId`)}
          />
        );
    }
  };

  return (
    <Stack>
      <Group grow align="end">
        <TextInput
          label={t('automation.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError('name')}
        />
        <Select
          label={t('automation.event')}
          data={Events.options.map((e) => ({ value: e, label: t(`automation.events.${e}`) }))}
          value={event}
          onChange={(v) => {
            if (!v) return;
            const next = v;
            setEvent(next);
            setConditions(conditions.filter((c) => automationFields[next].includes(c.field)));
            if (!conversationEvents.includes(next)) setActions(actions.filter((a) => !onlyOnConversations.has(a.type)));
          }}
          allowDeselect={false}
        />
        <Switch
          label={t('automation.enabled')}
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
      </Group>
      <Text fw={600} size="sm">
        {t('automation.conditions')}
      </Text>
      {conditions.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('automation.noConditions')}
        </Text>
      )}
      {conditions.map((c, i) => (
        <Group key={i} grow align="start" data-testid="automation-condition">
          <Select
            aria-label={t('automation.conditions')}
            data={fields.map((f) => ({ value: f, label: t(`automation.fields.${f}`) }))}
            value={c.field}
            onChange={(v) => v && setCondition(i, { field: v, value: null })}
            allowDeselect={false}
            error={fieldError(`conditions.${i}.field`)}
          />
          <Select
            aria-label={t('automation.operators.is')}
            data={(numberFields.has(c.field) ? ['gte', 'lte', 'is', 'is_not'] : textOperators).map((o) => ({
              value: o,
              label: t(`automation.operators.${o}`),
            }))}
            value={c.operator}
            onChange={(v) => v && setCondition(i, { operator: v as Condition['operator'] })}
            allowDeselect={false}
          />
          {valueInput(c, i) ?? <span />}
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('automation.remove')}
            onClick={() => setConditions(conditions.filter((_, k) => k !== i))}
            style={{ flexGrow: 0 }}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      <Group>
        <Button size="xs" variant="light" onClick={() => setConditions([...conditions, newCondition(fields)])}>
          {t('automation.addCondition')}
        </Button>
      </Group>
      <Text fw={600} size="sm">
        {t('automation.actions')}
      </Text>
      {actions.map((a, i) => (
        <Card key={i} withBorder p="xs" data-testid="automation-action">
          <Group align="end" mb="xs">
            <Select
              aria-label={t('automation.actions')}
              data={actionTypes
                .filter((x) => onConversation || !onlyOnConversations.has(x))
                .map((x) => ({ value: x, label: t(`automation.actionTypes.${x}`) }))}
              value={a.type}
              onChange={(v) => v && setAction(i, blankAction(v))}
              allowDeselect={false}
              error={fieldError(`actions.${i}.type`)}
              style={{ flexGrow: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('automation.remove')}
              onClick={() => setActions(actions.filter((_, k) => k !== i))}
              disabled={actions.length === 1}
            >
              ×
            </ActionIcon>
          </Group>
          {actionInputs(a, i)}
        </Card>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          onClick={() => setActions([...actions, blankAction(onConversation ? 'add_label' : 'create_task')])}
          disabled={actions.length >= 10}
        >
          {t('automation.addAction')}
        </Button>
      </Group>
      {(save.error || remove.error) && <Alert color="red">{describeError(save.error ?? remove.error)}</Alert>}
      <Group justify="space-between">
        {rule ? (
          <Button variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('automation.delete')}
          </Button>
        ) : (
          <span />
        )}
        <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim()}>
          {t('automation.save')}
        </Button>
      </Group>
    </Stack>
  );
}

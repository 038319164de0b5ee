// Subscriptions and renewals: the list (renewals due first), recording a new one, renewing or not renewing with the
// reason, editing with the version read (a teammate's change in between is refused, with a reload), its history; and
// the churn and retention report. CustomerSubscriptions is the same list on a contact's page.
import './after-sales-i18n';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Timeline,
  Title,
} from '@mantine/core';
import { type Subscription, addInterval } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, describeError } from '../../api';
import { SaveError } from '../../layout/SaveError';
import { useMoney } from '../../money';
import { can, useSession } from '../../session';
import { RecordPicker } from '../../components/RecordPicker';
import { RetentionView } from './RetentionView';
import { useMembers } from '../settings/api';
import { subscriptionsApi } from './api';
import { localeOf } from '../../locale';

type Filter = 'due' | 'active' | 'ended' | 'all';
const filterQuery: Record<Filter, string> = {
  due: 'renewingWithinDays=30',
  active: 'status=active',
  ended: 'status=ended',
  all: '',
};

export function SubscriptionsPage() {
  const { t } = useTranslation();
  const session = useSession().data;
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'report' ? 'report' : 'list';
  const filter = (params.get('filter') as Filter | null) ?? 'due';
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const query = [filterQuery[filter], q.trim() ? `q=${encodeURIComponent(q.trim())}` : ''].filter(Boolean).join('&');
  return (
    // The page's margin from the menu and the window's edges, as every page has.
    <Stack p="md">
      <Group justify="space-between">
        <Title order={2}>{t('subscriptions.title')}</Title>
        {can(session, 'agent') && <Button onClick={() => setCreating(true)}>{t('subscriptions.add')}</Button>}
      </Group>
      <Text size="sm" c="dimmed">
        {t('subscriptions.intro')}
      </Text>
      <SegmentedControl
        w={360}
        data={[
          { value: 'list', label: t('subscriptions.tabs.list') },
          { value: 'report', label: t('subscriptions.tabs.report') },
        ]}
        value={tab}
        onChange={(v) => setParams((p) => (p.set('tab', v), p), { replace: true })}
      />
      {tab === 'report' ? (
        <RetentionView />
      ) : (
        <>
          <Group>
            <SegmentedControl
              data={(['due', 'active', 'ended', 'all'] as const).map((f) => ({
                value: f,
                label: t(`subscriptions.filter.${f}`),
              }))}
              value={filter}
              onChange={(v) => setParams((p) => (p.set('filter', v), p), { replace: true })}
            />
            <TextInput
              placeholder={t('subscriptions.search')}
              value={q}
              onChange={(e) => setQ(e.currentTarget.value)}
              w={260}
              aria-label={t('subscriptions.search')}
            />
          </Group>
          <SubscriptionList query={query} showCustomer />
        </>
      )}
      {creating && (
        <Modal opened onClose={() => setCreating(false)} title={t('subscriptions.add')} size="lg">
          <SubscriptionForm onDone={() => setCreating(false)} />
        </Modal>
      )}
    </Stack>
  );
}

/** A contact's subscriptions, with a button to record one for them. */
export function CustomerSubscriptions({
  contact,
  canWrite,
}: {
  contact: { id: string; name: string };
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  return (
    <Stack>
      {canWrite && (
        <Group>
          <Button size="xs" variant="light" onClick={() => setCreating(true)}>
            {t('subscriptions.add')}
          </Button>
        </Group>
      )}
      <SubscriptionList query={`contactId=${contact.id}`} showCustomer={false} />
      {creating && (
        <Modal opened onClose={() => setCreating(false)} title={t('subscriptions.add')} size="lg">
          <SubscriptionForm contact={contact} onDone={() => setCreating(false)} />
        </Modal>
      )}
    </Stack>
  );
}

function SubscriptionList({ query, showCustomer }: { query: string; showCustomer: boolean }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const list = useQuery({
    queryKey: ['subscriptions', query],
    queryFn: () => subscriptionsApi.listSubscriptions(query),
  });
  const [open, setOpen] = useState<string | null>(null);
  // The open subscription stays open when a change takes it out of the list (renewed out of "renewing in 30 days").
  return (
    <>
      {list.error && <Alert color="red">{describeError(list.error)}</Alert>}
      {list.data?.length === 0 && <Text c="dimmed">{t('subscriptions.none')}</Text>}
      {Boolean(list.data?.length) && (
        <Table striped highlightOnHover data-testid="subscriptions">
          <Table.Thead>
            <Table.Tr>
              {showCustomer && <Table.Th>{t('subscriptions.fields.customer')}</Table.Th>}
              <Table.Th>{t('subscriptions.fields.plan')}</Table.Th>
              <Table.Th>{t('subscriptions.fields.price')}</Table.Th>
              <Table.Th>{t('subscriptions.fields.renewsOn')}</Table.Th>
              <Table.Th>{t('subscriptions.fields.owner')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data?.map((s) => (
              <Table.Tr key={s.id} onClick={() => setOpen(s.id)} style={{ cursor: 'pointer' }}>
                {showCustomer && (
                  <Table.Td>
                    <Anchor component={Link} to={`/contacts/${s.contact.id}`} onClick={(e) => e.stopPropagation()}>
                      {s.contact.name}
                    </Anchor>
                    {s.company && (
                      <Text size="xs" c="dimmed">
                        {s.company.name}
                      </Text>
                    )}
                  </Table.Td>
                )}
                <Table.Td>{s.plan}</Table.Td>
                <Table.Td>
                  {t(`subscriptions.perInterval.${s.interval}`, { price: money(s.price, s.currency) })}
                </Table.Td>
                <Table.Td>
                  {s.status === 'ended' ? (
                    <Badge color="gray" variant="light">
                      {t('subscriptions.status.ended')}{' '}
                      {s.endedOn && new Date(`${s.endedOn}T12:00:00`).toLocaleDateString(localeOf(i18n.language))}
                    </Badge>
                  ) : (
                    <Group gap="xs">
                      <Text size="sm">
                        {new Date(`${s.renewsOn}T12:00:00`).toLocaleDateString(localeOf(i18n.language))}
                      </Text>
                      <RenewalBadge days={s.daysToRenewal} />
                    </Group>
                  )}
                </Table.Td>
                <Table.Td>{s.owner?.name ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open && (
        <Modal
          opened
          onClose={() => setOpen(null)}
          title={t('subscriptions.title')}
          size="lg"
          closeButtonProps={{ 'aria-label': t('subscriptions.close') }}
        >
          <SubscriptionDetail id={open} onDone={() => setOpen(null)} />
        </Modal>
      )}
    </>
  );
}

export function RenewalBadge({ days }: { days: number | null }) {
  const { t } = useTranslation();
  if (days === null || days > 60) return null;
  const color = days < 0 ? 'red' : days <= 30 ? 'orange' : 'yellow';
  return (
    <Badge color={color} variant="light" size="sm">
      {days < 0
        ? t('subscriptions.days.overdue', { count: -days })
        : days === 0
          ? t('subscriptions.days.today')
          : t('subscriptions.days.due', { count: days })}
    </Badge>
  );
}

function useInvalidate() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['subscriptions'] });
    void client.invalidateQueries({ queryKey: ['subscription'] });
    void client.invalidateQueries({ queryKey: ['retention'] });
    void client.invalidateQueries({ queryKey: ['tasks'] });
  };
}

function SubscriptionForm({ contact, onDone }: { contact?: { id: string; name: string }; onDone: () => void }) {
  const { t } = useTranslation();
  const invalidate = useInvalidate();
  const members = useMembers();
  const [customer, setCustomer] = useState<{ id: string; name: string } | null>(contact ?? null);
  const [plan, setPlan] = useState('');
  const [price, setPrice] = useState<number | string>('');
  const [interval, setInterval] = useState<'monthly' | 'yearly'>('yearly');
  const [startedOn, setStartedOn] = useState(new Date().toISOString().slice(0, 10));
  const [renewsOn, setRenewsOn] = useState('');
  const [remind, setRemind] = useState<number | string>(30);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () =>
      subscriptionsApi.createSubscription({
        contactId: customer?.id ?? '',
        plan,
        price: Number(price) || 0,
        interval,
        startedOn,
        ...(renewsOn ? { renewsOn } : {}),
        remindDaysBefore: Number(remind) || 0,
        ...(ownerId ? { ownerId } : {}),
      }),
    onSuccess: () => (invalidate(), onDone()),
  });
  const fieldError = (path: string) =>
    save.error instanceof ApiError ? save.error.fields.find((f) => f.path === path)?.message : undefined;
  return (
    <Stack>
      {!contact && (
        <RecordPicker
          kind="contacts"
          label={t('subscriptions.fields.customer')}
          value={customer}
          onChange={setCustomer}
          disabled={false}
        />
      )}
      {fieldError('contactId') && (
        <Text size="xs" c="red">
          {fieldError('contactId')}
        </Text>
      )}
      <TextInput
        label={t('subscriptions.fields.plan')}
        value={plan}
        onChange={(e) => setPlan(e.currentTarget.value)}
        error={fieldError('plan')}
        required
      />
      <Group grow>
        <NumberInput
          label={t('subscriptions.fields.price')}
          value={price}
          onChange={setPrice}
          min={0}
          decimalScale={2}
          error={fieldError('price')}
          required
        />
        <Select
          label={t('subscriptions.fields.interval')}
          data={(['monthly', 'yearly'] as const).map((v) => ({ value: v, label: t(`subscriptions.interval.${v}`) }))}
          value={interval}
          onChange={(v) => v && setInterval(v)}
          allowDeselect={false}
        />
      </Group>
      <Group grow>
        <TextInput
          type="date"
          label={t('subscriptions.fields.startedOn')}
          value={startedOn}
          onChange={(e) => setStartedOn(e.currentTarget.value)}
          error={fieldError('startedOn')}
        />
        <TextInput
          type="date"
          label={t('subscriptions.fields.renewsOn')}
          value={renewsOn}
          onChange={(e) => setRenewsOn(e.currentTarget.value)}
          error={fieldError('renewsOn')}
        />
      </Group>
      <Group grow>
        <NumberInput
          label={t('subscriptions.fields.remindDaysBefore')}
          value={remind}
          onChange={setRemind}
          min={0}
          max={180}
          error={fieldError('remindDaysBefore')}
        />
        <Select
          label={t('subscriptions.fields.owner')}
          data={(members.data ?? [])
            .filter((m) => m.role !== 'viewer')
            .map((m) => ({ value: m.userId, label: m.name }))}
          value={ownerId}
          onChange={setOwnerId}
          clearable
          error={fieldError('ownerId')}
        />
      </Group>
      {save.error && !(save.error instanceof ApiError && save.error.fields.length) && (
        <Alert color="red">{describeError(save.error)}</Alert>
      )}
      <Group justify="flex-end">
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={!customer || !plan.trim() || price === ''}
        >
          {t('subscriptions.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function SubscriptionDetail({ id, onDone }: { id: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data;
  const money = useMoney();
  const invalidate = useInvalidate();
  const client = useQueryClient();
  const sub = useQuery({
    queryKey: ['subscription', id],
    queryFn: () => subscriptionsApi.getSubscription(id),
  });
  const [mode, setMode] = useState<'view' | 'renew' | 'end'>('view');
  const s = sub.data;
  const canWrite = can(session, 'agent');
  const remove = useMutation({
    mutationFn: () => subscriptionsApi.deleteSubscription(id),
    onSuccess: () => (invalidate(), onDone()),
  });
  if (sub.error) return <Alert color="red">{describeError(sub.error)}</Alert>;
  if (!s) return null;
  const reload = () => void client.invalidateQueries({ queryKey: ['subscription', id] });
  return (
    <Stack data-testid="subscription-detail">
      <Group justify="space-between">
        <Stack gap={0}>
          <Text fw={600}>
            {s.plan} · {s.contact.name}
          </Text>
          <Text size="sm" c="dimmed">
            {t(`subscriptions.perInterval.${s.interval}`, { price: money(s.price, s.currency) })}
          </Text>
        </Stack>
        {s.status === 'active' ? (
          <RenewalBadge days={s.daysToRenewal} />
        ) : (
          <Badge color="gray">{t('subscriptions.status.ended')}</Badge>
        )}
      </Group>
      {s.status === 'ended' && (
        <Text size="sm">
          {t('subscriptions.fields.reason')}: {s.endReason}
        </Text>
      )}
      {canWrite && s.status === 'active' && mode === 'view' && (
        <Group>
          <Button color="teal" onClick={() => setMode('renew')}>
            {t('subscriptions.renew')}
          </Button>
          <Button color="red" variant="light" onClick={() => setMode('end')}>
            {t('subscriptions.end')}
          </Button>
        </Group>
      )}
      {mode === 'renew' && <RenewForm s={s} onDone={() => (setMode('view'), invalidate())} onReload={reload} />}
      {mode === 'end' && <EndForm s={s} onDone={() => (setMode('view'), invalidate())} onReload={reload} />}
      {mode === 'view' && canWrite && <EditForm key={s.version} s={s} onSaved={invalidate} onReload={reload} />}
      <Title order={5}>{t('subscriptions.history')}</Title>
      <Timeline bulletSize={14} lineWidth={2}>
        {s.events.map((e) => (
          <Timeline.Item key={e.id} title={t(`subscriptions.events.${e.kind}`)}>
            <Text size="xs" c="dimmed">
              {new Date(e.at).toLocaleString(localeOf(i18n.language))}
              {e.by ? ` · ${e.by}` : ''}
              {e.renewsOn ? ` · ${t('subscriptions.fields.renewsOn')} ${e.renewsOn}` : ''}
              {e.price !== null ? ` · ${money(e.price, s.currency)}` : ''}
              {e.reason ? ` · ${e.reason}` : ''}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
      {can(session, 'admin') && (
        <Group justify="flex-end">
          <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate()} loading={remove.isPending}>
            {t('subscriptions.delete')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function EditForm({ s, onSaved, onReload }: { s: Subscription; onSaved: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const [plan, setPlan] = useState(s.plan);
  const [price, setPrice] = useState<number | string>(s.price);
  const [renewsOn, setRenewsOn] = useState(s.renewsOn);
  const [remind, setRemind] = useState<number | string>(s.remindDaysBefore);
  const [notes, setNotes] = useState(s.notes);
  const save = useMutation({
    mutationFn: () =>
      subscriptionsApi.updateSubscription(s.id, {
        version: s.version,
        plan,
        notes,
        remindDaysBefore: Number(remind) || 0,
        ...(s.status === 'active' ? { price: Number(price) || 0, renewsOn } : {}),
      }),
    onSuccess: onSaved,
  });
  return (
    <Stack gap="xs">
      <Group grow>
        <TextInput
          label={t('subscriptions.fields.plan')}
          value={plan}
          onChange={(e) => setPlan(e.currentTarget.value)}
        />
        <NumberInput
          label={t('subscriptions.fields.price')}
          value={price}
          onChange={setPrice}
          min={0}
          decimalScale={2}
          disabled={s.status !== 'active'}
        />
      </Group>
      <Group grow>
        <TextInput
          type="date"
          label={t('subscriptions.fields.renewsOn')}
          value={renewsOn}
          onChange={(e) => setRenewsOn(e.currentTarget.value)}
          disabled={s.status !== 'active'}
        />
        <NumberInput
          label={t('subscriptions.fields.remindDaysBefore')}
          value={remind}
          onChange={setRemind}
          min={0}
          max={180}
        />
      </Group>
      <Textarea
        label={t('subscriptions.fields.notes')}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <SaveError error={save.error} reloadLabel={t('subscriptions.reload')} onReload={onReload} />
      <Group justify="flex-end">
        {save.isSuccess && (
          <Text size="sm" c="teal">
            {t('subscriptions.saved')}
          </Text>
        )}
        <Button variant="light" onClick={() => save.mutate()} loading={save.isPending}>
          {t('subscriptions.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function RenewForm({ s, onDone, onReload }: { s: Subscription; onDone: () => void; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  const [price, setPrice] = useState<number | string>(s.price);
  const [plan, setPlan] = useState(s.plan);
  const renew = useMutation({
    mutationFn: () => subscriptionsApi.renewSubscription(s.id, { version: s.version, price: Number(price) || 0, plan }),
    onSuccess: onDone,
  });
  return (
    <Stack gap="xs" data-testid="renew-form">
      <Title order={5}>{t('subscriptions.renewTitle')}</Title>
      <Text size="sm">
        {t('subscriptions.renewHelp', {
          date: new Date(`${addInterval(s.renewsOn, s.interval)}T12:00:00`).toLocaleDateString(localeOf(i18n.language)),
        })}
      </Text>
      <Group grow>
        <TextInput
          label={t('subscriptions.fields.plan')}
          value={plan}
          onChange={(e) => setPlan(e.currentTarget.value)}
        />
        <NumberInput
          label={t('subscriptions.fields.price')}
          value={price}
          onChange={setPrice}
          min={0}
          decimalScale={2}
        />
      </Group>
      <SaveError error={renew.error} reloadLabel={t('subscriptions.reload')} onReload={onReload} />
      <Group justify="flex-end">
        <Button color="teal" onClick={() => renew.mutate()} loading={renew.isPending}>
          {t('subscriptions.renew')}
        </Button>
      </Group>
    </Stack>
  );
}

function EndForm({ s, onDone, onReload }: { s: Subscription; onDone: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [endedOn, setEndedOn] = useState('');
  const [former, setFormer] = useState(true);
  const end = useMutation({
    mutationFn: () =>
      subscriptionsApi.endSubscription(s.id, {
        version: s.version,
        reason,
        markContactFormer: former,
        ...(endedOn ? { endedOn } : {}),
      }),
    onSuccess: onDone,
  });
  const fieldError = (path: string) =>
    end.error instanceof ApiError ? end.error.fields.find((f) => f.path === path)?.message : undefined;
  return (
    <Stack gap="xs" data-testid="end-form">
      <Title order={5}>{t('subscriptions.endTitle')}</Title>
      <Textarea
        label={t('subscriptions.fields.reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={fieldError('reason')}
        required
        autosize
        minRows={2}
      />
      <TextInput
        type="date"
        label={t('subscriptions.fields.endedOn')}
        value={endedOn}
        onChange={(e) => setEndedOn(e.currentTarget.value)}
        error={fieldError('endedOn')}
      />
      <Checkbox
        label={t('subscriptions.fields.markContactFormer')}
        checked={former}
        onChange={(e) => setFormer(e.currentTarget.checked)}
      />
      {!(end.error instanceof ApiError && end.error.fields.length) && (
        <SaveError error={end.error} reloadLabel={t('subscriptions.reload')} onReload={onReload} />
      )}
      <Group justify="flex-end">
        <Button color="red" onClick={() => end.mutate()} loading={end.isPending} disabled={!reason.trim()}>
          {t('subscriptions.end')}
        </Button>
      </Group>
    </Stack>
  );
}

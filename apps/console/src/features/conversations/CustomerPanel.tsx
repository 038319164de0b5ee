// Beside the thread: who the customer is and what is open with them, so an agent answers knowing it. Profile
// essentials, company, owner, status and tags (owner, status and tags editable here), open deals and quotes, open
// incidents, health and its reasons, the last survey answer, previous conversations and consent.
import {
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  Loader,
  ScrollArea,
  Select,
  Stack,
  TagsInput,
  Text,
  Title,
} from '@mantine/core';
import type { CustomerStatus } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { formatMoney } from '../../money';
import { can, useSession } from '../../session';
import '../deals/sales-i18n';
import { PortalInvitationResult, usePortalInvitation } from '../projects/PortalAccess';
import { ReasonBadges } from '../health/HealthPage';
import { useMembers } from '../settings/api';
import { customerPanelApi } from './api';
import { timeAgo } from './format';
import { displayAddress } from '../../email-address';

const STATUSES: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];

function useCustomer(id: string) {
  const read = customerPanelApi;
  return {
    contact: useQuery({ queryKey: ['contact', id], queryFn: () => read.contact(id) }),
    health: useQuery({ queryKey: ['contact-health', id], queryFn: () => read.health(id) }),
    deals: useQuery({ queryKey: ['deals', 'of-contact', id], queryFn: () => read.openDeals(id) }),
    quotes: useQuery({ queryKey: ['quotes', 'of-contact', id], queryFn: () => read.quotes(id) }),
    incidents: useQuery({ queryKey: ['incidents', 'of-contact', id], queryFn: () => read.openIncidents(id) }),
    survey: useQuery({
      queryKey: ['timeline', 'contacts', id, 'survey'],
      queryFn: () => read.timeline(id, 'survey', 1),
    }),
    conversations: useQuery({
      queryKey: ['timeline', 'contacts', id, 'conversation'],
      queryFn: () => read.timeline(id, 'conversation', 6),
    }),
    privacy: useQuery({ queryKey: ['contact-privacy', id], queryFn: () => read.privacy(id) }),
  };
}

export function CustomerPanel({ contactId, conversationId }: { contactId: string; conversationId: string }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const members = useMembers();
  const data = useCustomer(contactId);
  const language = i18n.language;
  const save = useMutation({
    mutationFn: (patch: { ownerId?: string | null; status?: CustomerStatus; tags?: string[] }) =>
      customerPanelApi.update(contactId, patch),
    onSuccess: (contact) => {
      client.setQueryData(['contact', contactId], contact);
      void client.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  const portal = usePortalInvitation();
  const c = data.contact.data;
  if (!c)
    return (
      <Stack p="sm">
        {data.contact.isError ? <Text c="red.8">{describeError(data.contact.error)}</Text> : <Loader size="sm" />}
      </Stack>
    );
  const agent = can(session, 'agent');
  const health = data.health.data;
  const lastSurvey = data.survey.data?.items[0];
  const previous = (data.conversations.data?.items ?? [])
    .filter((i) => i.conversationId !== conversationId)
    .slice(0, 5);
  const refused = (data.privacy.data?.consents ?? []).filter((p) => !p.allowed);
  return (
    <ScrollArea h="100%" type="auto">
      <Stack gap="sm" p="sm" data-testid="customer-panel">
        <div>
          <Anchor component={Link} to={`/contacts/${c.id}`} fw={700}>
            {c.name}
          </Anchor>
          {c.companies.map((company) => (
            <Text key={company.id} size="sm">
              <Anchor component={Link} to={`/companies/${company.id}`} c="dark">
                {company.name}
              </Anchor>
              {company.role ? ` · ${company.role}` : ''}
            </Text>
          ))}
          {[displayAddress(c.email), c.phone].filter(Boolean).map((v) => (
            <Text key={v} size="sm" c="gray.7" style={{ overflowWrap: 'anywhere' }}>
              {v}
            </Text>
          ))}
        </div>
        <Select
          size="xs"
          label={t('frame.panel.status')}
          value={c.status}
          allowDeselect={false}
          disabled={!agent}
          data={STATUSES.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))}
          onChange={(status) => status && save.mutate({ status: status })}
        />
        <Select
          size="xs"
          label={t('frame.panel.owner')}
          placeholder={t('frame.panel.noOwner')}
          clearable
          disabled={!agent}
          value={c.ownerId}
          data={(members.data ?? [])
            .filter((m) => m.role !== 'viewer')
            .map((m) => ({ value: m.userId, label: m.name }))}
          onChange={(ownerId) => save.mutate({ ownerId })}
        />
        <TagsInput
          size="xs"
          label={t('frame.panel.tags')}
          disabled={!agent}
          value={c.tags}
          onChange={(tags) => save.mutate({ tags })}
          maxTags={30}
        />
        {save.error && (
          <Text size="xs" c="red.8" role="alert">
            {describeError(save.error)}
          </Text>
        )}
        {agent && (
          <Button
            size="xs"
            variant="default"
            onClick={() => portal.mutate(contactId)}
            loading={portal.isPending}
            data-testid="portal-access"
          >
            {t('frame.panel.portal')}
          </Button>
        )}
        <PortalInvitationResult invite={portal} />
        <Divider />
        {health && (
          <Block title={t('frame.panel.health')}>
            <Group gap="xs">
              <Badge color={health.level === 'healthy' ? 'teal' : health.level === 'watch' ? 'yellow' : 'red'}>
                {t('frame.home.score', { score: health.score })}
              </Badge>
            </Group>
            <ReasonBadges reasons={health.reasons.slice(0, 3)} />
          </Block>
        )}
        <Block title={t('frame.panel.deals')} empty={t('frame.panel.noDeals')} count={data.deals.data?.items.length}>
          {data.deals.data?.items.map((d) => (
            <Line
              key={d.id}
              to={`/deals?open=${d.id}`}
              title={d.title}
              detail={formatMoney(d.value, d.currency, language)}
            />
          ))}
        </Block>
        <Block
          title={t('frame.panel.quotes')}
          empty={t('frame.panel.noQuotes')}
          count={data.quotes.data?.items.filter((q) => q.status !== 'declined').length}
        >
          {data.quotes.data?.items
            .filter((q) => q.status !== 'declined')
            .map((q) => (
              <Line
                key={q.id}
                to={`/quotes?open=${q.id}`}
                title={`${q.reference} · ${q.title}`}
                detail={`${formatMoney(q.total, q.currency, language)} · ${t(`quotes.status.${q.status}`)}`}
              />
            ))}
        </Block>
        <Block
          title={t('frame.panel.incidents')}
          empty={t('frame.panel.noIncidents')}
          count={data.incidents.data?.items.length}
        >
          {data.incidents.data?.items.map((i) => (
            <Line key={i.id} to={`/incidents/${i.id}`} title={`#${i.number} · ${i.summary || i.customerWords}`} />
          ))}
        </Block>
        <Block title={t('frame.panel.survey')} empty={t('frame.panel.noSurvey')} count={lastSurvey ? 1 : 0}>
          {lastSurvey && (
            <Text size="xs">
              {lastSurvey.title} · {timeAgo(lastSurvey.at, language)}
            </Text>
          )}
        </Block>
        <Block title={t('frame.panel.previous')} empty={t('frame.panel.firstConversation')} count={previous.length}>
          {previous.map((p) => (
            <Line
              key={p.id}
              to={`/inbox/${p.conversationId}`}
              title={p.body ?? p.title}
              detail={[p.channel ? t(`channels.${p.channel}`) : null, timeAgo(p.at, language)]
                .filter(Boolean)
                .join(' · ')}
            />
          ))}
        </Block>
        <Block title={t('frame.panel.consent')}>
          <Text size="xs" c={refused.length || c.mailOptOutAt ? 'red.8' : 'gray.7'}>
            {refused.length
              ? t('frame.panel.refused', { purposes: refused.map((p) => p.name).join(', ') })
              : t('frame.panel.allowed')}
          </Text>
          {c.mailOptOutAt && (
            <Text size="xs" c="red.8">
              {t('frame.panel.optedOut')}
            </Text>
          )}
        </Block>
      </Stack>
    </ScrollArea>
  );
}

function Block({
  title,
  count,
  empty,
  children,
}: {
  title: string;
  count?: number;
  empty?: string;
  children?: ReactNode;
}) {
  return (
    <Stack gap={4}>
      <Title order={3} size="h6" c="gray.8">
        {title}
      </Title>
      {count === 0 && empty ? (
        <Text size="xs" c="gray.7">
          {empty}
        </Text>
      ) : (
        children
      )}
    </Stack>
  );
}

function Line({ to, title, detail }: { to: string; title: string; detail?: string }) {
  return (
    <div>
      <Anchor component={Link} to={to} size="xs" fw={500} lineClamp={2}>
        {title}
      </Anchor>
      {detail && (
        <Text size="xs" c="gray.7">
          {detail}
        </Text>
      )}
    </div>
  );
}

// One contact: who they are, the five profile sections, notes and everything that happened with them.
import { Alert, Anchor, Badge, Group, Loader, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { Contact } from '@atiende/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { can, useSession } from '../../session';
import { LogActivityButton } from '../conversations/LogActivity';
import { NewIncidentButton } from '../incidents/NewIncidentButton';
import { WriteEmailButton } from '../conversations/WriteEmail';
import { ContactPrivacy } from '../privacy/ContactPrivacy';
import { ContactTasks } from '../tasks/ContactTasks';
import { ProfileTabs, StatusBadge } from './shared';
import { CustomerDeals } from '../deals/CustomerDeals';
import { HealthCard } from '../health/HealthPage';
import { CustomerSubscriptions } from '../subscriptions/SubscriptionsPage';
import { useMembers } from '../settings/api';
import { customersApi, recordKeys } from './api';
import { ContactProfile, PersonaFitLine } from './ContactProfile';
import { localeOf } from '../../locale';

export function ContactDetailPage() {
  const { id = '' } = useParams();
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => customersApi.getContact(id) });
  if (contact.isPending) return <Loader m="xl" />;
  if (contact.isError)
    return (
      <Alert color="red" m="md">
        {contact.error.message}
      </Alert>
    );
  if (contact.data.privacyBlockedAt) return <BlockedContact contact={contact.data} />;
  return <ContactView contact={contact.data} key={contact.data.updatedAt} />;
}

/** Under a privacy block only owners and admins get here, and only the privacy actions are left. */
function BlockedContact({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Title order={3} data-testid="contact-name">
          {contact.name}
        </Title>
        <Alert color="orange" data-testid="blocked-banner">
          {t('privacy.blockedBanner', {
            date: new Date(contact.privacyBlockedAt!).toLocaleDateString(localeOf(i18n.language)),
          })}
        </Alert>
        <ContactPrivacy contact={contact} />
      </Stack>
    </ScrollArea>
  );
}

function ContactView({ contact: c }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const canEdit = can(session, 'agent');
  const members = useMembers();
  const save = async (patch: Record<string, unknown>) => {
    const saved = await customersApi.updateContact(c.id, patch);
    client.setQueryData(['contact', c.id], saved);
    void client.invalidateQueries({ queryKey: ['contacts'] });
    void client.invalidateQueries({ queryKey: recordKeys.timeline({ kind: 'contacts', id: c.id }) });
  };
  const ownerName = members.data?.find((m) => m.userId === c.ownerId)?.name;
  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(localeOf(i18n.language)) : null);

  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={3} data-testid="contact-name">
              {c.name}
            </Title>
            <Group gap="xs">
              <StatusBadge status={c.status} />
              {c.tags.map((tag) => (
                <Badge key={tag} variant="outline" size="sm">
                  {tag}
                </Badge>
              ))}
              {c.companies.map((co) => (
                <Anchor key={co.id} component={Link} to={`/companies/${co.id}`} size="sm">
                  {co.name}
                  {co.role ? ` · ${co.role}` : ''}
                </Anchor>
              ))}
            </Group>
            {c.status === 'former' && c.leftAt && (
              <Text size="sm" c="dimmed">
                {t('customers.leftAt', { date: date(c.leftAt) })}
                {c.leftReason ? `: ${c.leftReason}` : ''}
              </Text>
            )}
          </Stack>
          <Stack gap={2} align="flex-end">
            {canEdit && (
              <Group gap="xs">
                <WriteEmailButton contact={{ id: c.id, email: c.email }} />
                <LogActivityButton contact={{ id: c.id, phone: c.phone }} />
                <NewIncidentButton contactId={c.id} />
              </Group>
            )}
            <Text size="sm" c="dimmed">
              {t('customers.owner')}: {ownerName ?? t('customers.noOwner')}
            </Text>
            <PersonaFitLine contactId={c.id} />
          </Stack>
        </Group>
        {c.unverifiedEmail && (
          <Alert color="yellow" data-testid="unverified-banner">
            <Text size="sm">{t('privacy.unverifiedBanner', { email: c.unverifiedEmail })}</Text>
            {canEdit && (
              <Anchor component={Link} to="/contacts/duplicates" size="sm">
                {t('privacy.unverifiedMerge')}
              </Anchor>
            )}
          </Alert>
        )}
        <ProfileTabs
          record={{ kind: 'contacts', id: c.id }}
          canWrite={canEdit}
          extra={[
            { value: 'tasks', label: t('tasks.title'), panel: <ContactTasks contactId={c.id} canWrite={canEdit} /> },
            {
              value: 'deals',
              label: t('customers.dealsTab'),
              panel: <CustomerDeals contact={{ id: c.id, name: c.name }} canWrite={canEdit} />,
            },
            {
              value: 'subscriptions',
              label: t('nav.subscriptions'),
              panel: <CustomerSubscriptions contact={{ id: c.id, name: c.name }} canWrite={canEdit} />,
            },
            { value: 'health', label: t('nav.health'), panel: <HealthCard contactId={c.id} /> },
            { value: 'privacy', label: t('privacy.tab'), panel: <ContactPrivacy contact={c} /> },
          ]}
          profile={<ContactProfile contact={c} canEdit={canEdit} save={save} />}
        />
      </Stack>
    </ScrollArea>
  );
}

// Contacts: search as you type, filter by status or segment, open one; create, import, find duplicates, export.
import { Anchor, Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Contact, ContactSummaryRow } from '@atiende/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { can, useSession } from '../../session';
import { CreateForm } from './CreateForm';
import { ListFilters, ListRows, useCustomerList } from './CustomerList';
import { StatusBadge } from './shared';
import { segmentsApi } from '../segments/api';
import { customersFiles } from './api';
import { displayAddress } from '../../email-address';

export function ContactsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession().data!;
  const [creating, { open, close }] = useDisclosure(false);
  const [params, setParams] = useSearchParams();
  const segmentId = params.get('segment');
  const segment = useQuery({
    queryKey: ['segment', segmentId],
    queryFn: () => segmentsApi.getSegment(segmentId!),
    enabled: Boolean(segmentId),
  });
  const state = useCustomerList<ContactSummaryRow>('contacts', { segment: segmentId });
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Group justify="space-between">
          <Title order={3}>{t('customers.contacts')}</Title>
          {can(session, 'agent') && (
            <Group gap="xs">
              <Button variant="subtle" component={Link} to="/contacts/duplicates">
                {t('duplicates.open')}
              </Button>
              <Button variant="light" component={Link} to="/contacts/import">
                {t('imports.open')}
              </Button>
              <Button onClick={open}>{t('customers.newContact')}</Button>
            </Group>
          )}
        </Group>
        <ListFilters state={state} />
        {segmentId && (
          <Group gap="xs">
            <Badge size="lg" variant="light" color="grape">
              {t('segments.showing', { name: segment.data?.name ?? '…' })}
            </Badge>
            <Button size="xs" variant="subtle" onClick={() => setParams({})}>
              {t('segments.clear')}
            </Button>
          </Group>
        )}
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {t('customers.total', { count: state.total })}
          </Text>
          <Anchor size="sm" href={customersFiles.contactsCsv(state.filters)}>
            {t('customers.exportCsv')}
          </Anchor>
        </Group>
        <ListRows
          state={state}
          minWidth={640}
          testId="contact-table"
          onOpen={(c) => navigate(`/contacts/${c.id}`)}
          cells={(c) => (
            <>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.companies.join(', ')}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{displayAddress(c.email)}</Text>
                <Text size="xs" c="dimmed">
                  {c.phone ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.status} />
              </Table.Td>
            </>
          )}
        />
      </Stack>
      <Modal opened={creating} onClose={close} title={t('customers.newContact')}>
        <CreateForm<Contact> kind="contact" onCreated={(c) => navigate(`/contacts/${c.id}`)} />
      </Modal>
    </ScrollArea>
  );
}

// Companies: search, filter by status, open one; create a new one.
import { Button, Group, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Company, CompanyRow } from '@atiende/contract';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { can, useSession } from '../../session';
import { CreateForm } from './CreateForm';
import { ListFilters, ListRows, useCustomerList } from './CustomerList';
import { StatusBadge } from './shared';

export function CompaniesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession().data!;
  const [creating, { open, close }] = useDisclosure(false);
  const state = useCustomerList<CompanyRow>('companies');
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        <Group justify="space-between">
          <Title order={3}>{t('customers.companies')}</Title>
          {can(session, 'agent') && <Button onClick={open}>{t('customers.newCompany')}</Button>}
        </Group>
        <ListFilters state={state} />
        <Text size="sm" c="dimmed">
          {t('customers.total', { count: state.total })}
        </Text>
        <ListRows
          state={state}
          minWidth={560}
          onOpen={(c) => navigate(`/companies/${c.id}`)}
          cells={(c) => (
            <>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {c.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {c.industry ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {c.contacts} {t('customers.people').toLowerCase()}
                </Text>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={c.status} />
              </Table.Td>
            </>
          )}
        />
      </Stack>
      <Modal opened={creating} onClose={close} title={t('customers.newCompany')}>
        <CreateForm<Company> kind="company" onCreated={(c) => navigate(`/companies/${c.id}`)} />
      </Modal>
    </ScrollArea>
  );
}

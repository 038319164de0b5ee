// Possible duplicates: pick the contact to keep and, field by field, which value stays; then merge.
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Radio,
  ScrollArea,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Contact, DuplicateGroup } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customersApi, useDuplicates } from './api';

const fields = ['name', 'status', 'source', 'website', 'whatsappId'] as const;

export function DuplicatesPage() {
  const { t } = useTranslation();
  const groups = useDuplicates();
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1000}>
        <Title order={3}>{t('duplicates.title')}</Title>
        {groups.isPending && <Loader />}
        {groups.data?.length === 0 && <Text c="dimmed">{t('duplicates.none')}</Text>}
        {groups.data?.map((g) => (
          <Group_ key={`${g.reason}:${g.value}`} group={g} />
        ))}
      </Stack>
    </ScrollArea>
  );
}

function Group_({ group }: { group: DuplicateGroup }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [keepId, setKeepId] = useState(group.contacts[0]!.id);
  const details = useQuery({
    queryKey: ['duplicate-details', ...group.contacts.map((c) => c.id)],
    queryFn: () => Promise.all(group.contacts.map((c) => customersApi.getContact(c.id))),
  });
  const [choice, setChoice] = useState<Record<string, string>>({});
  const merge = useMutation({
    mutationFn: async () => {
      for (const other of group.contacts.filter((c) => c.id !== keepId)) {
        const take = fields.filter((f) => choice[f] === other.id);
        await customersApi.mergeContacts({ keepId, mergeId: other.id, take });
      }
    },
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('duplicates.merged') });
      void client.invalidateQueries({ queryKey: ['duplicates'] });
      void client.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  const show = (c: Contact, f: (typeof fields)[number]) =>
    f === 'status' ? t(`customers.statuses.${c.status}`) : String(c[f] ?? t('customers.empty'));
  return (
    <Paper withBorder p="md" data-testid="duplicate-group">
      <Group gap="xs" mb="sm">
        <Badge variant="light">{t(`duplicates.reasons.${group.reason}`)}</Badge>
        <Text size="sm" c="dimmed">
          {group.value}
        </Text>
      </Group>
      {details.data && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('duplicates.field')}</Table.Th>
              {details.data.map((c) => (
                <Table.Th key={c.id}>
                  <Radio
                    name={`keep-${group.value}`}
                    checked={keepId === c.id}
                    onChange={() => setKeepId(c.id)}
                    label={t('duplicates.keep')}
                  />
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f) => (
              <Table.Tr key={f}>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {t(`segments.fields.${f}`, { defaultValue: t(`customers.${f}`, { defaultValue: f }) })}
                  </Text>
                </Table.Td>
                {details.data.map((c) => (
                  <Table.Td key={c.id}>
                    <Radio
                      size="xs"
                      name={`${group.value}-${f}`}
                      checked={(choice[f] ?? keepId) === c.id}
                      onChange={() => setChoice({ ...choice, [f]: c.id })}
                      label={show(c, f)}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>
                <Text size="sm" c="dimmed">
                  {t('customers.emails')} / {t('customers.phones')}
                </Text>
              </Table.Td>
              {details.data.map((c) => (
                <Table.Td key={c.id}>
                  <Text size="sm">{[...c.emails, ...c.phones].map((x) => x.value).join(', ')}</Text>
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {merge.isError && (
        <Alert color="red" mt="sm">
          {merge.error.message}
        </Alert>
      )}
      <Button mt="sm" size="xs" onClick={() => merge.mutate()} loading={merge.isPending}>
        {t('duplicates.merge')}
      </Button>
    </Paper>
  );
}

import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAudit } from './api';
import { localeOf } from '../../locale';

export function AuditLogSettings() {
  const { t, i18n } = useTranslation();
  const entries = useAudit();
  return (
    <Stack>
      <Title order={3}>{t('nav.audit')}</Title>
      <Paper withBorder p="md">
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.when')}</Table.Th>
                <Table.Th>{t('audit.who')}</Table.Th>
                <Table.Th>{t('audit.what')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.data?.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Text size="xs">{new Date(e.createdAt).toLocaleString(localeOf(i18n.language))}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {e.actorName ?? t(`audit.actor.${e.actorType}`, { defaultValue: e.actorType })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`audit.actions.${e.action}`, { defaultValue: e.action })}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}

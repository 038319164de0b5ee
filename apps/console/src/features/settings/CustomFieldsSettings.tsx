// Defining the workspace's own fields on contacts and companies.
import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  TagsInput,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { CustomFieldType } from '@atiende/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsApi, useCustomFields } from './api';

const types: CustomFieldType[] = ['text', 'number', 'date', 'choice', 'multi_choice', 'yes_no'];

export function CustomFieldsSettings() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fields = useCustomFields();
  const [entity, setEntity] = useState<'contact' | 'company'>('contact');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<CustomFieldType>('text');
  const [options, setOptions] = useState<string[]>([]);
  const add = useMutation({
    mutationFn: () => settingsApi.createCustomField({ entity, label, type, options }),
    onSuccess: () => {
      setLabel('');
      setOptions([]);
      void client.invalidateQueries({ queryKey: ['custom-fields'] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => settingsApi.deleteCustomField(id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['custom-fields'] }),
  });
  return (
    <Stack>
      <Title order={3}>{t('customFields.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('customFields.intro')}
      </Text>
      <Paper withBorder p="md">
        <Group align="flex-end">
          <Select
            label={t('customFields.entity')}
            w={150}
            allowDeselect={false}
            value={entity}
            onChange={(v) => v && setEntity(v)}
            data={(['contact', 'company'] as const).map((e) => ({ value: e, label: t(`customFields.entities.${e}`) }))}
          />
          <TextInput
            label={t('customFields.label')}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 180 }}
          />
          <Select
            label={t('customFields.type')}
            w={170}
            allowDeselect={false}
            value={type}
            onChange={(v) => v && setType(v)}
            data={types.map((x) => ({ value: x, label: t(`customFields.types.${x}`) }))}
          />
          <Button onClick={() => add.mutate()} loading={add.isPending} disabled={!label.trim()}>
            {t('customFields.add')}
          </Button>
        </Group>
        {(type === 'choice' || type === 'multi_choice') && (
          <TagsInput mt="sm" label={t('customFields.options')} value={options} onChange={setOptions} />
        )}
        {add.isError && (
          <Alert mt="sm" color="red">
            {add.error.message}
          </Alert>
        )}
      </Paper>
      <Paper withBorder p="md">
        {fields.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('customFields.none')}
          </Text>
        )}
        <Table>
          <Table.Tbody>
            {fields.data?.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Badge variant="light">{t(`customFields.entities.${f.entity}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {f.label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    custom.{f.key}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {t(`customFields.types.${f.type}`)}
                    {f.options.length ? `: ${f.options.join(', ')}` : ''}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(f.id)}>
                    {t('customFields.remove')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
    </Stack>
  );
}

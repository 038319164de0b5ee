// API tokens for integrations; the secret is shown once, right after creation.
import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ApiToken, Role } from '@atiende/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { settingsFiles, useApiTokens, useMembers } from './api';
import { settingsApi } from './api';
import { localeOf } from '../../locale';

export function ApiTokensSettings() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const tokens = useApiTokens();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [memberId, setMemberId] = useState('');
  const [created, setCreated] = useState<ApiToken | null>(null);
  const members = useMembers();
  const memberName = new Map((members.data ?? []).map((m) => [m.userId, m.name]));
  const create = useMutation({
    mutationFn: () => settingsApi.createApiToken({ name, role, ...(memberId ? { memberId } : {}) }),
    onSuccess: (token) => {
      setCreated(token);
      setName('');
      void client.invalidateQueries({ queryKey: ['api-tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => settingsApi.deleteApiToken(id),
    onSuccess: () => client.invalidateQueries({ queryKey: ['api-tokens'] }),
  });
  return (
    <Stack>
      <Title order={3}>{t('nav.api')}</Title>
      <Text size="sm" c="dimmed">
        {t('apiTokens.intro')}{' '}
        <Anchor href={settingsFiles.openApi} target="_blank" underline="always">
          OpenAPI
        </Anchor>
      </Text>
      <Paper withBorder p="md">
        <Group align="flex-end">
          <TextInput
            label={t('apiTokens.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 200 }}
          />
          <Select
            label={t('team.role')}
            w={150}
            data={(['admin', 'agent', 'viewer'] as const).map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => v && setRole(v)}
            allowDeselect={false}
          />
          <Select
            label={t('apiTokens.actsFor')}
            description={t('apiTokens.actsForHelp')}
            w={260}
            data={[
              { value: '', label: t('apiTokens.wholeWorkspace') },
              ...(members.data ?? []).map((m) => ({ value: m.userId, label: m.name })),
            ]}
            value={memberId}
            onChange={(v) => setMemberId(v ?? '')}
            allowDeselect={false}
          />
          <Button onClick={() => create.mutate()} disabled={!name.trim()} loading={create.isPending}>
            {t('apiTokens.create')}
          </Button>
        </Group>
      </Paper>
      {create.error && <Alert color="red">{create.error.message}</Alert>}
      {created?.token && (
        <Alert color="teal" title={t('apiTokens.shownOnce')}>
          <Group gap="xs" wrap="nowrap">
            <Code style={{ overflowWrap: 'anywhere' }}>{created.token}</Code>
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? t('common.copied') : t('common.copy')}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Paper withBorder p="md">
        {tokens.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('apiTokens.none')}
          </Text>
        )}
        <Table>
          <Table.Tbody>
            {tokens.data?.map((token) => (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  {t(`roles.${token.role}`)}
                  {token.memberId ? ` · ${memberName.get(token.memberId) ?? ''}` : ''}
                </Table.Td>
                <Table.Td>
                  {token.lastUsedAt
                    ? new Date(token.lastUsedAt).toLocaleString(localeOf(i18n.language))
                    : t('apiTokens.neverUsed')}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => revoke.mutate(token.id)}>
                    {t('team.revoke')}
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

// Outside WhatsApp's 24-hour window only approved templates may be sent: pick one, fill its parameters, see the text.
import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { Message } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationsApi } from './api';
import { settingsApi } from '../settings/api';

export function TemplatePicker({ conversationId, inboxId }: { conversationId: string; inboxId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const templates = useQuery({
    queryKey: ['templates', inboxId],
    queryFn: () => settingsApi.listInboxWhatsappTemplates(inboxId),
  });
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [parameters, setParameters] = useState<string[]>([]);
  const template = templates.data?.find((x) => x.id === templateId);
  const send = useMutation({
    mutationFn: () => conversationsApi.sendTemplate(conversationId, { templateId, parameters }),
    onSuccess: (message) => {
      setTemplateId(null);
      setParameters([]);
      client.setQueryData<Message[]>(['messages', conversationId], (list) =>
        list && !list.some((m) => m.id === message.id) ? [...list, message] : list,
      );
    },
  });
  const preview = template
    ? template.body.replace(/\{\{(\d+)\}\}/g, (all, n: string) => parameters[Number(n) - 1] || all)
    : '';
  return (
    <Stack gap="xs" data-testid="template-picker">
      <Alert color="yellow" py="xs">
        {t('inbox.windowClosed')}
      </Alert>
      {templates.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('inbox.noTemplates')}
        </Text>
      )}
      <Select
        size="sm"
        aria-label={t('inbox.template')}
        placeholder={t('inbox.template')}
        data={(templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} (${x.language})` }))}
        value={templateId}
        onChange={(id) => {
          setTemplateId(id);
          setParameters(Array.from({ length: templates.data?.find((x) => x.id === id)?.parameters ?? 0 }, () => ''));
        }}
      />
      {template && (
        <>
          {parameters.map((value, i) => (
            <TextInput
              key={i}
              size="xs"
              label={`{{${i + 1}}}`}
              value={value}
              onChange={(e) => setParameters(parameters.map((p, j) => (j === i ? e.currentTarget.value : p)))}
            />
          ))}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c="dimmed" data-testid="template-preview">
            {preview}
          </Text>
        </>
      )}
      {send.isError && (
        <Alert color="red" py="xs">
          {send.error.message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          size="sm"
          disabled={!template || parameters.some((p) => !p.trim())}
          loading={send.isPending}
          onClick={() => send.mutate()}
        >
          {t('inbox.sendTemplate')}
        </Button>
      </Group>
    </Stack>
  );
}

// The web forms that capture leads: each has its page (to link or embed in the company's site) and opens a deal on
// its pipeline for every visitor who sends it.
import './sales-i18n';
import { Alert, Button, Code, CopyButton, Group, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import type { LeadForm, Pipeline } from '@atiende/contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { dealsApi, useLeadForms } from './api';

export function LeadFormsPanel({ pipelines }: { pipelines: Pipeline[] }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const forms = useLeadForms();
  const [name, setName] = useState('');
  const [pipelineId, setPipelineId] = useState<string | null>(pipelines[0]?.id ?? null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['lead-forms'] });
  const create = useMutation({
    mutationFn: () => dealsApi.createLeadForm({ name, pipelineId }),
    onSuccess: () => (setName(''), refresh()),
  });
  const toggle = useMutation({
    mutationFn: (f: LeadForm) => dealsApi.updateLeadForm(f.id, { enabled: !f.enabled }),
    onSuccess: refresh,
  });
  const pipelineName = new Map(pipelines.map((p) => [p.id, p.name]));
  return (
    <Stack data-testid="lead-forms">
      <Text size="sm" c="dimmed">
        {t('deals.forms.help')}
      </Text>
      {forms.data?.length === 0 && <Text size="sm">{t('deals.forms.none')}</Text>}
      {Boolean(forms.data?.length) && (
        <Table>
          <Table.Tbody>
            {forms.data!.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {f.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {pipelineName.get(f.pipelineId)} · {t('deals.forms.submissions', { count: f.submissions })}
                  </Text>
                  <Code block mt={4} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {f.embed}
                  </Code>
                  <Text size="xs" c="dimmed" mt={2}>
                    {t('deals.forms.embedHint')}
                  </Text>
                  <Group gap="xs" mt={4}>
                    <CopyButton value={f.embed}>
                      {({ copied, copy }) => (
                        <Button size="xs" variant="light" onClick={copy}>
                          {copied ? t('deals.forms.copied') : t('deals.forms.copyEmbed')}
                        </Button>
                      )}
                    </CopyButton>
                    <CopyButton value={f.url}>
                      {({ copied, copy }) => (
                        <Button size="xs" variant="subtle" onClick={copy}>
                          {copied ? t('deals.forms.copied') : t('deals.forms.copyLink')}
                        </Button>
                      )}
                    </CopyButton>
                    <Button size="xs" variant="subtle" component="a" href={f.url} target="_blank" rel="noopener">
                      {t('deals.forms.open')}
                    </Button>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Switch label={t('deals.forms.enabled')} checked={f.enabled} onChange={() => toggle.mutate(f)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group align="end">
        <TextInput
          label={t('deals.forms.name')}
          placeholder={t('deals.forms.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Select
          label={t('deals.pipeline')}
          data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId}
          onChange={setPipelineId}
          allowDeselect={false}
          w={200}
        />
        <Button disabled={!name.trim() || !pipelineId} loading={create.isPending} onClick={() => create.mutate()}>
          {t('deals.forms.create')}
        </Button>
      </Group>
      {(create.error || toggle.error) && <Alert color="red">{describeError(create.error ?? toggle.error)}</Alert>}
    </Stack>
  );
}

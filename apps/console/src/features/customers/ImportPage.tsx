// Importing contacts: choose the file, say which field each column is, preview what every row becomes, run it and
// watch the progress; then download the rows that were not taken.
import {
  Alert,
  Anchor,
  Button,
  FileButton,
  Group,
  Paper,
  Progress,
  Radio,
  ScrollArea,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { ImportField, ImportUpload } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { customersApi, customersFiles } from './api';
import { usePipelines } from '../deals/api';

const fields: ImportField[] = [
  'ignore',
  'name',
  'firstName',
  'lastName',
  'email',
  'phone',
  'whatsapp',
  'company',
  'role',
  'tags',
  'status',
  'street',
  'city',
  'state',
  'postalCode',
  'country',
  'website',
  'notes',
  'birthday',
  'label',
];

export function ImportPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [upload, setUpload] = useState<ImportUpload | null>(null);
  const [mapping, setMapping] = useState<ImportField[]>([]);
  const [source, setSource] = useState('');
  const [onDuplicate, setOnDuplicate] = useState<'update' | 'skip'>('update');
  const [startedId, setStartedId] = useState<string | null>(null);
  const [leadsPipelineId, setLeadsPipelineId] = useState<string | null>(null);
  // The mapping kept for the next file with these columns (a monthly export of another tool).
  const [saveAs, setSaveAs] = useState('');
  const pipelines = usePipelines();
  const options = {
    mapping,
    source,
    onDuplicate,
    leadsPipelineId,
    ...(saveAs.trim() ? { saveMappingAs: saveAs.trim() } : {}),
  };

  const send = useMutation({
    mutationFn: async (file: File) => {
      const vcard = /\.vcf$/i.test(file.name) || file.type.includes('vcard');
      return customersApi.createImport(await file.text(), {
        contentType: vcard ? 'text/vcard' : 'text/csv',
        headers: { 'x-file-name': encodeURIComponent(file.name) },
      });
    },
    onSuccess: (u) => {
      setUpload(u);
      setMapping(u.suggestedMapping);
      setSaveAs('');
      setStartedId(null);
      preview.reset();
    },
  });
  const preview = useMutation({
    mutationFn: () => customersApi.previewImport(upload!.id, options),
  });
  const start = useMutation({
    mutationFn: () => customersApi.startImport(upload!.id, options),
    onSuccess: (s) => setStartedId(s.id),
  });
  const status = useQuery({
    queryKey: ['import', startedId],
    queryFn: () => customersApi.getImport(startedId!),
    enabled: Boolean(startedId),
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 700),
  });
  const progress = status.data;
  const finished = progress && ['done', 'failed'].includes(progress.status);
  useEffect(() => {
    if (finished) void client.invalidateQueries({ queryKey: ['contacts'] });
  }, [finished, client]);
  const reason = (r: string | null) => {
    if (!r) return '';
    const [code, detail] = r.split(': ');
    return `${t(`imports.reasons.${code}`, { defaultValue: code })}${detail ? `: ${detail}` : ''}`;
  };

  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1000}>
        <Title order={3}>{t('imports.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('imports.intro')}
        </Text>
        <Group>
          <FileButton
            onChange={(file) => file && send.mutate(file)}
            accept=".csv,.vcf,text/csv,text/vcard,text/x-vcard"
          >
            {(props) => (
              <Button {...props} loading={send.isPending} data-testid="choose-file">
                {t('imports.file')}
              </Button>
            )}
          </FileButton>
          {upload && (
            <Text size="sm">
              {upload.fileName} · {t('imports.rows', { count: upload.rows })}
            </Text>
          )}
        </Group>
        {send.isError && <Alert color="red">{send.error.message}</Alert>}
        {upload && !startedId && (
          <>
            <Paper withBorder p="md">
              <Title order={5} mb="sm">
                {t('imports.columns')}
              </Title>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('imports.column')}</Table.Th>
                    <Table.Th>{t('imports.example')}</Table.Th>
                    <Table.Th>{t('imports.field')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {upload.columns.map((column, i) => (
                    <Table.Tr key={i}>
                      <Table.Td>{column}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed" lineClamp={1}>
                          {upload.sample
                            .map((r) => r[i])
                            .filter(Boolean)
                            .slice(0, 2)
                            .join(' · ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Select
                          size="xs"
                          aria-label={`${t('imports.field')} ${column}`}
                          allowDeselect={false}
                          data={fields.map((f) => ({ value: f, label: t(`imports.fields.${f}`) }))}
                          value={mapping[i]}
                          onChange={(v) => v && setMapping(mapping.map((m, j) => (j === i ? v : m)))}
                        />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Paper>
            {upload.savedMapping ? (
              <Text size="sm" c="teal" data-testid="saved-mapping">
                {t('imports.savedMappingUsed', { name: upload.savedMapping.name })}
              </Text>
            ) : (
              <TextInput
                label={t('imports.saveMapping')}
                description={t('imports.saveMappingHelp')}
                value={saveAs}
                onChange={(e) => setSaveAs(e.currentTarget.value)}
                maxLength={80}
              />
            )}
            <TextInput
              label={t('imports.source')}
              description={t('imports.sourceHelp')}
              required
              value={source}
              onChange={(e) => setSource(e.currentTarget.value)}
            />
            <Radio.Group label={t('imports.onDuplicate')} value={onDuplicate} onChange={(v) => setOnDuplicate(v)}>
              <Group mt="xs">
                <Radio value="update" label={t('imports.update')} />
                <Radio value="skip" label={t('imports.skip')} />
              </Group>
            </Radio.Group>
            <Select
              label={t('imports.leads')}
              description={t('imports.leadsHelp')}
              placeholder={t('imports.noLeads')}
              clearable
              data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={leadsPipelineId}
              onChange={setLeadsPipelineId}
              w={420}
            />
            <Group>
              <Button
                variant="light"
                onClick={() => preview.mutate()}
                loading={preview.isPending}
                disabled={!source.trim()}
              >
                {t('imports.preview')}
              </Button>
              {preview.data && (
                <Button onClick={() => start.mutate()} loading={start.isPending} disabled={!source.trim()}>
                  {t('imports.start', { count: upload.rows })}
                </Button>
              )}
            </Group>
            {(preview.error ?? start.error) && <Alert color="red">{(preview.error ?? start.error)!.message}</Alert>}
            {preview.data && (
              <Paper withBorder p="md" data-testid="import-preview">
                <Group gap="xl" mb="sm">
                  {(['new', 'update', 'duplicate', 'invalid'] as const).map((o) => (
                    <Stack key={o} gap={0}>
                      <Text fw={700} size="lg" data-testid={`count-${o}`}>
                        {preview.data.counts[o]}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t(`imports.outcomes.${o}`)}
                      </Text>
                    </Stack>
                  ))}
                </Group>
                {preview.data.counts.partial > 0 && (
                  <Alert color="yellow" mb="sm" data-testid="partial-rows">
                    {t('imports.partial', { count: preview.data.counts.partial })}
                  </Alert>
                )}
                {preview.data.counts.sharedPhone > 0 && (
                  <Alert color="blue" mb="sm" data-testid="shared-phones">
                    {t('imports.sharedPhone', { count: preview.data.counts.sharedPhone })}
                  </Alert>
                )}
                {preview.data.counts.similarName > 0 && (
                  <Alert color="yellow" mb="sm" data-testid="similar-names">
                    {t('imports.similarName', { count: preview.data.counts.similarName })}
                  </Alert>
                )}
                <Table>
                  <Table.Tbody>
                    {preview.data.examples
                      .filter(
                        (e) =>
                          e.outcome === 'invalid' ||
                          e.outcome === 'duplicate' ||
                          Boolean(e.reason) ||
                          e.problems.length > 0,
                      )
                      .map((e) => (
                        <Table.Tr key={e.line}>
                          <Table.Td>
                            {t('imports.line')} {e.line}
                          </Table.Td>
                          <Table.Td>{e.name}</Table.Td>
                          <Table.Td>{[e.reason, ...e.problems].filter(Boolean).map(reason).join(' · ')}</Table.Td>
                        </Table.Tr>
                      ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            )}
          </>
        )}
        {progress && (
          <Paper withBorder p="md" data-testid="import-progress">
            <Stack>
              <Progress
                value={progress.total ? (100 * progress.processed) / progress.total : 0}
                animated={progress.status === 'running'}
              />
              {progress.status === 'done' && <Text>{t('imports.done', progress)}</Text>}
              {progress.status === 'failed' && (
                <Alert color="red">{t('imports.failed', { error: progress.error })}</Alert>
              )}
              {!['done', 'failed'].includes(progress.status) && <Text>{t('imports.progress', progress)}</Text>}
              {progress.status === 'done' && (
                <Group>
                  {progress.partial > 0 && (
                    <Text size="sm">{t('imports.donePartial', { count: progress.partial })}</Text>
                  )}
                  {progress.rejected + progress.duplicates + progress.partial > 0 && (
                    <Anchor href={customersFiles.rejectedRows(progress.id)}>{t('imports.downloadRejected')}</Anchor>
                  )}
                  <Button component={Link} to="/contacts" variant="light">
                    {t('imports.seeContacts')}
                  </Button>
                </Group>
              )}
            </Stack>
          </Paper>
        )}
      </Stack>
    </ScrollArea>
  );
}

// One survey: its questions (sections, types, both languages), how it is sent (public link, to contacts or a segment
// by email or WhatsApp, by itself after a resolved conversation, follow-up of unhappy answers) and its results.
import '../insight-i18n';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  CopyButton,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { Contact, QuestionType, Survey, SurveyDefinition, SurveyQuestion } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, lazy, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { describeError } from '../../api';
import { DeleteButton } from '../../layout/DeleteButton';
import { statusColor } from './SurveysPage';
import { useSegments } from '../segments/api';
import { settingsApi } from '../settings/api';
import { surveysApi } from './api';
import { customersApi } from '../customers/api';
import { localeOf } from '../../locale';

const SurveyResults = lazy(() => import('./SurveyResults').then((m) => ({ default: m.SurveyResults })));
const types: QuestionType[] = [
  'csat',
  'nps',
  'ces',
  'likert',
  'single',
  'multiple',
  'short_text',
  'long_text',
  'yes_no',
];
const withOptions = new Set<QuestionType>(['likert', 'single', 'multiple']);

export function SurveyPage() {
  const { t } = useTranslation();
  const { id, tab = 'build' } = useParams();
  const navigate = useNavigate();
  const survey = useQuery({ queryKey: ['surveys', id], queryFn: () => surveysApi.getSurvey(id!) });
  const s = survey.data;
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1100}>
        {s && (
          <>
            <Group justify="space-between">
              <Group>
                <Title order={3}>{s.name}</Title>
                <Badge color={statusColor[s.status]} variant="light">
                  {t(`surveys.statuses.${s.status}`)}
                </Badge>
              </Group>
              <DeleteButton
                remove={() => surveysApi.deleteSurvey(s.id)}
                confirm={t('surveys.confirmDelete')}
                label={t('surveys.delete')}
                then="/surveys"
                invalidate="surveys"
              />
            </Group>
            <Tabs value={tab} onChange={(v) => navigate(`/surveys/${s.id}/${v}`)} keepMounted={false}>
              <Tabs.List>
                {(['build', 'send', 'results'] as const).map((k) => (
                  <Tabs.Tab key={k} value={k}>
                    {t(`surveys.tabs.${k}`)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="build" pt="md">
                <Builder survey={s} />
              </Tabs.Panel>
              <Tabs.Panel value="send" pt="md">
                <Distribution survey={s} />
              </Tabs.Panel>
              <Tabs.Panel value="results" pt="md">
                <Suspense>
                  <SurveyResults survey={s} />
                </Suspense>
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </Stack>
    </ScrollArea>
  );
}

function useSaveSurvey(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: Record<string, unknown>) => surveysApi.updateSurvey(id, patch),
    onSuccess: (saved) => {
      client.setQueryData(['surveys', id], saved);
      void client.invalidateQueries({ queryKey: ['surveys'], exact: true });
    },
  });
}

const optionLines = (q: SurveyQuestion) =>
  (q.options ?? []).map((o) => (o.label.es === o.label.en ? o.label.es : `${o.label.es} | ${o.label.en}`)).join('\n');
function parseOptions(text: string, previous: SurveyQuestion['options']): SurveyQuestion['options'] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line, i) => {
      const [es, en] = line.split('|').map((x) => x.trim());
      // Keeping each option's key keeps the answers already given to it.
      return { id: previous?.[i]?.id ?? String(i + 1), label: { es: es ?? '', en: en || es || '' } };
    });
}

function Builder({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const save = useSaveSurvey(survey.id);
  const [name, setName] = useState(survey.name);
  const [anonymous, setAnonymous] = useState(survey.anonymous);
  const [definition, setDefinition] = useState<SurveyDefinition>(survey.definition);
  const [optionText, setOptionText] = useState<Record<string, string>>({});
  useEffect(() => setDefinition(survey.definition), [survey.definition]);
  const update = (change: (d: SurveyDefinition) => void) =>
    setDefinition((d) => {
      const next = structuredClone(d);
      change(next);
      return next;
    });
  const nextId = () => {
    const used = new Set(definition.sections.flatMap((s) => s.questions.map((q) => q.id)));
    let n = used.size + 1;
    while (used.has(`q${n}`)) n++;
    return `q${n}`;
  };
  const text = (
    value: { es: string; en: string },
    lang: 'es' | 'en',
    set: (v: string) => void,
    label: string,
    long = false,
  ) =>
    long ? (
      <Textarea label={label} value={value[lang]} onChange={(e) => set(e.currentTarget.value)} autosize minRows={1} />
    ) : (
      <TextInput label={label} value={value[lang]} onChange={(e) => set(e.currentTarget.value)} />
    );
  const fieldErrors =
    save.error && 'fieldErrors' in save.error
      ? (save.error as { fieldErrors: () => Record<string, string> }).fieldErrors()
      : {};
  return (
    <Stack>
      <Group align="end">
        <TextInput
          label={t('surveys.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          w={360}
          error={fieldErrors.name}
        />
        <Select
          label={t('surveys.status')}
          value={survey.status}
          allowDeselect={false}
          data={(['draft', 'active', 'closed'] as const).map((v) => ({ value: v, label: t(`surveys.statuses.${v}`) }))}
          onChange={(v) => v && save.mutate({ status: v })}
        />
      </Group>
      <Checkbox
        label={t('surveys.anonymous')}
        checked={anonymous}
        onChange={(e) => setAnonymous(e.currentTarget.checked)}
      />
      <Text size="sm" c="dimmed">
        {t('surveys.versionNote', { version: survey.version })}
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text(definition.title, 'es', (v) => update((d) => void (d.title.es = v)), t('surveys.titleEs'))}
        {text(definition.title, 'en', (v) => update((d) => void (d.title.en = v)), t('surveys.titleEn'))}
        {text(definition.intro, 'es', (v) => update((d) => void (d.intro.es = v)), t('surveys.introEs'), true)}
        {text(definition.intro, 'en', (v) => update((d) => void (d.intro.en = v)), t('surveys.introEn'), true)}
      </SimpleGrid>
      {definition.sections.map((section, si) => (
        <Paper key={si} withBorder p="md">
          <Stack>
            <Group justify="space-between">
              <Text fw={600}>
                {t('surveys.section')} {si + 1}
              </Text>
              {definition.sections.length > 1 && (
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  onClick={() => update((d) => void d.sections.splice(si, 1))}
                >
                  {t('surveys.remove')}
                </Button>
              )}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {text(
                section.title,
                'es',
                (v) => update((d) => void (d.sections[si]!.title.es = v)),
                t('surveys.sectionTitleEs'),
              )}
              {text(
                section.title,
                'en',
                (v) => update((d) => void (d.sections[si]!.title.en = v)),
                t('surveys.sectionTitleEn'),
              )}
            </SimpleGrid>
            {section.questions.map((q, qi) => (
              <Paper key={q.id} bg="gray.0" p="sm" data-testid={`question-${q.id}`}>
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Group>
                      <Select
                        aria-label={t('surveys.type')}
                        value={q.type}
                        allowDeselect={false}
                        w={220}
                        data={types.map((v) => ({ value: v, label: t(`surveys.types.${v}`) }))}
                        onChange={(v) => v && update((d) => void (d.sections[si]!.questions[qi]!.type = v))}
                      />
                      <Switch
                        label={t('surveys.required')}
                        checked={q.required}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          update((d) => void (d.sections[si]!.questions[qi]!.required = on));
                        }}
                      />
                    </Group>
                    <Group gap={4}>
                      <Button
                        size="xs"
                        variant="subtle"
                        disabled={qi === 0}
                        onClick={() =>
                          update((d) => {
                            const list = d.sections[si]!.questions;
                            [list[qi - 1], list[qi]] = [list[qi]!, list[qi - 1]!];
                          })
                        }
                      >
                        {t('surveys.up')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        disabled={qi === section.questions.length - 1}
                        onClick={() =>
                          update((d) => {
                            const list = d.sections[si]!.questions;
                            [list[qi + 1], list[qi]] = [list[qi]!, list[qi + 1]!];
                          })
                        }
                      >
                        {t('surveys.down')}
                      </Button>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        disabled={section.questions.length === 1}
                        onClick={() => update((d) => void d.sections[si]!.questions.splice(qi, 1))}
                      >
                        {t('surveys.remove')}
                      </Button>
                    </Group>
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    {text(
                      q.text,
                      'es',
                      (v) => update((d) => void (d.sections[si]!.questions[qi]!.text.es = v)),
                      t('surveys.questionEs'),
                    )}
                    {text(
                      q.text,
                      'en',
                      (v) => update((d) => void (d.sections[si]!.questions[qi]!.text.en = v)),
                      t('surveys.questionEn'),
                    )}
                  </SimpleGrid>
                  {withOptions.has(q.type) && (
                    <Textarea
                      label={t('surveys.options')}
                      description={q.type === 'likert' ? t('surveys.optionsHelp') : undefined}
                      autosize
                      minRows={2}
                      value={optionText[q.id] ?? optionLines(q)}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setOptionText((o) => ({ ...o, [q.id]: value }));
                        update((d) => void (d.sections[si]!.questions[qi]!.options = parseOptions(value, q.options)));
                      }}
                    />
                  )}
                </Stack>
              </Paper>
            ))}
            <Button
              size="xs"
              variant="light"
              w="fit-content"
              onClick={() =>
                update(
                  (d) =>
                    void d.sections[si]!.questions.push({
                      id: nextId(),
                      type: 'single',
                      text: { es: '', en: '' },
                      required: false,
                      options: [
                        { id: '1', label: { es: 'Sí', en: 'Yes' } },
                        { id: '2', label: { es: 'No', en: 'No' } },
                      ],
                    }),
                )
              }
            >
              {t('surveys.addQuestion')}
            </Button>
          </Stack>
        </Paper>
      ))}
      <Button
        variant="default"
        w="fit-content"
        onClick={() =>
          update(
            (d) =>
              void d.sections.push({
                title: { es: '', en: '' },
                questions: [{ id: nextId(), type: 'short_text', text: { es: '', en: '' }, required: false }],
              }),
          )
        }
      >
        {t('surveys.addSection')}
      </Button>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {text(definition.thanks, 'es', (v) => update((d) => void (d.thanks.es = v)), t('surveys.thanksEs'))}
        {text(definition.thanks, 'en', (v) => update((d) => void (d.thanks.en = v)), t('surveys.thanksEn'))}
      </SimpleGrid>
      {save.error && <Alert color="red">{describeError(save.error)}</Alert>}
      {save.isSuccess && (
        <Text c="green" size="sm">
          {t('surveys.saved')}
        </Text>
      )}
      <Button w="fit-content" loading={save.isPending} onClick={() => save.mutate({ name, anonymous, definition })}>
        {t('surveys.save')}
      </Button>
    </Stack>
  );
}

function Distribution({ survey }: { survey: Survey }) {
  const { t } = useTranslation();
  const save = useSaveSurvey(survey.id);
  const [auto, setAuto] = useState({
    afterResolution: survey.afterResolution,
    delayMinutes: survey.delayMinutes,
    frequencyDays: survey.frequencyDays,
    invitationDays: survey.invitationDays,
    followUp: survey.followUp,
    whatsappTemplateId: survey.whatsappTemplateId,
  });
  const templates = useQuery({
    queryKey: ['whatsapp-templates'],
    queryFn: () => settingsApi.listWhatsappTemplates(),
    retry: false,
  });
  const segments = useSegments();
  const [channel, setChannel] = useState<'email' | 'whatsapp'>('email');
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [contactIds, setContactIds] = useState<string[]>([]);
  const [search, setSearch] = useState('');
  const [known, setKnown] = useState<Record<string, string>>({});
  const found = useQuery({
    queryKey: ['contacts', 'pick', search],
    queryFn: () => customersApi.listRecords<Contact>('contacts', { limit: '20', ...(search ? { q: search } : {}) }),
  });
  useEffect(
    () => setKnown((k) => ({ ...k, ...Object.fromEntries((found.data?.items ?? []).map((c) => [c.id, c.name])) })),
    [found.data],
  );
  const send = useMutation({
    mutationFn: () =>
      surveysApi.sendSurvey(survey.id, {
        channel,
        ...(segmentId ? { segmentId } : { contactIds }),
        ...(auto.whatsappTemplateId ? { whatsappTemplateId: auto.whatsappTemplateId } : {}),
      }),
  });
  const threshold = (key: 'csat' | 'nps' | 'ces', max: number) => (
    <NumberInput
      label={t(`surveys.${key}AtMost`)}
      min={key === 'nps' ? -1 : 0}
      max={max}
      value={auto.followUp[key] ?? ''}
      onChange={(v) => setAuto((a) => ({ ...a, followUp: { ...a.followUp, [key]: v === '' ? null : Number(v) } }))}
      w={140}
    />
  );
  return (
    <Stack>
      <Paper withBorder p="md">
        <Text fw={600}>{t('surveys.publicLink')}</Text>
        <Text size="sm" c="dimmed">
          {t('surveys.publicLinkHelp')}
        </Text>
        <Group mt="xs">
          <Text size="sm" ff="monospace" data-testid="public-link">
            {survey.publicUrl}
          </Text>
          <CopyButton value={survey.publicUrl}>
            {({ copied, copy }) => (
              <Button size="xs" variant="light" onClick={copy}>
                {copied ? t('surveys.copied') : t('surveys.copy')}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Switch
            label={t('surveys.autoTitle')}
            description={t('surveys.autoHelp')}
            checked={auto.afterResolution}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setAuto((a) => ({ ...a, afterResolution: on }));
            }}
          />
          <Group>
            <NumberInput
              label={t('surveys.delay')}
              min={0}
              max={10080}
              value={auto.delayMinutes}
              onChange={(v) => setAuto((a) => ({ ...a, delayMinutes: Number(v) || 0 }))}
              w={220}
            />
            <NumberInput
              label={t('surveys.frequency')}
              min={0}
              max={365}
              value={auto.frequencyDays}
              onChange={(v) => setAuto((a) => ({ ...a, frequencyDays: Number(v) || 0 }))}
              w={260}
            />
            <NumberInput
              label={t('surveys.invitationDays')}
              min={1}
              max={90}
              value={auto.invitationDays}
              onChange={(v) => setAuto((a) => ({ ...a, invitationDays: Number(v) || 1 }))}
              w={200}
            />
          </Group>
          <Text fw={600} size="sm">
            {t('surveys.followUp')}
          </Text>
          <Text size="sm" c="dimmed">
            {t('surveys.followUpHelp')}
          </Text>
          <Group>
            {threshold('csat', 5)}
            {threshold('nps', 10)}
            {threshold('ces', 7)}
          </Group>
          <Select
            label={t('surveys.whatsappTemplate')}
            clearable
            value={auto.whatsappTemplateId}
            data={(templates.data ?? [])
              .filter((x) => x.parameters === 1)
              .map((x) => ({ value: x.id, label: `${x.name} (${x.language})` }))}
            onChange={(v) => setAuto((a) => ({ ...a, whatsappTemplateId: v }))}
          />
          {save.error && <Alert color="red">{describeError(save.error)}</Alert>}
          {save.isSuccess && (
            <Text c="green" size="sm">
              {t('surveys.saved')}
            </Text>
          )}
          <Button w="fit-content" loading={save.isPending} onClick={() => save.mutate(auto)}>
            {t('surveys.save')}
          </Button>
        </Stack>
      </Paper>
      <Paper withBorder p="md">
        <Stack>
          <Text fw={600}>{t('surveys.sendTitle')}</Text>
          {survey.status !== 'active' && <Alert color="yellow">{t('surveys.mustBeActive')}</Alert>}
          <Group align="end">
            <Select
              label={t('surveys.channel')}
              value={channel}
              allowDeselect={false}
              data={[
                { value: 'email', label: t('surveys.email') },
                { value: 'whatsapp', label: t('surveys.whatsapp') },
              ]}
              onChange={(v) => setChannel((v as 'email') ?? 'email')}
              w={160}
            />
            <Select
              label={t('surveys.segment')}
              clearable
              value={segmentId}
              data={(segments.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.count})` }))}
              onChange={setSegmentId}
              w={280}
            />
          </Group>
          {!segmentId && (
            <MultiSelect
              label={t('surveys.contacts')}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options }) => options}
              value={contactIds}
              onChange={setContactIds}
              data={[...new Set([...contactIds, ...(found.data?.items ?? []).map((c) => c.id)])].map((id) => ({
                value: id,
                label: known[id] ?? id,
              }))}
            />
          )}
          {send.error && <Alert color="red">{describeError(send.error)}</Alert>}
          {send.data && (
            <Alert color="green">
              {t('surveys.sent', { count: send.data.queued })}
              {send.data.skipped.length > 0 && (
                <Text size="sm">
                  {t('surveys.skipped', {
                    list: send.data.skipped.map((s) => `${s.name} (${t(`surveys.reasons.${s.reason}`)})`).join(', '),
                  })}
                </Text>
              )}
            </Alert>
          )}
          <Button
            w="fit-content"
            disabled={survey.status !== 'active' || (!segmentId && contactIds.length === 0)}
            loading={send.isPending}
            onClick={() => send.mutate()}
          >
            {t('surveys.sendNow')}
          </Button>
        </Stack>
      </Paper>
      <Invitations survey={survey} />
    </Stack>
  );
}

function Invitations({ survey }: { survey: Survey }) {
  const { t, i18n } = useTranslation();
  const list = useQuery({
    queryKey: ['surveys', survey.id, 'invitations'],
    queryFn: () =>
      surveysApi.listSurveyInvitations<{
        total: number;
        items: {
          id: string;
          contact: { name: string } | null;
          channel: string;
          status: string;
          sendAt: string;
          error: string | null;
        }[];
      }>(survey.id),
    refetchInterval: 10_000,
  });
  if (!list.data?.items.length) return null;
  return (
    <Paper withBorder p="md">
      <Text fw={600} mb="xs">
        {t('surveys.invitationsTitle')} ({list.data.total})
      </Text>
      <Table>
        <Table.Tbody>
          {list.data.items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td>{i.contact?.name ?? '—'}</Table.Td>
              <Table.Td>{i.channel}</Table.Td>
              <Table.Td>{new Date(i.sendAt).toLocaleString(localeOf(i18n.language))}</Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={i.status === 'failed' ? 'red' : i.status === 'answered' ? 'green' : 'gray'}
                >
                  {t(`surveys.invitationStatuses.${i.status}`)}
                </Badge>{' '}
                {i.error && (
                  <Text span size="xs" c="dimmed">
                    {i.error}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

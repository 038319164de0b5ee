// Workspace name, language, time zone and the business hours the widget announces.
import {
  ActionIcon,
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { BusinessHours, Weekday, WorkspaceSettings } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { can, useSession } from '../../session';
import { useSubmit } from '../auth/useApiForm';
import { settingsApi, settingsFiles, useHolidays, useWorkspace } from './api';
import { localeOf } from '../../locale';

const days: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function WorkspaceSettingsForm() {
  const settings = useWorkspace();
  if (!settings.data) return null;
  return <Editor initial={settings.data} key={settings.data.id} />;
}

function Editor({ initial }: { initial: WorkspaceSettings }) {
  const { t } = useTranslation();
  const session = useSession().data!;
  const client = useQueryClient();
  const form = useForm({
    initialValues: {
      name: initial.name,
      language: initial.language,
      timeZone: initial.timeZone,
      businessHours: initial.businessHours,
      websites: initial.websites,
    },
  });
  const save = useSubmit(form, async (values) => {
    const saved = await settingsApi.updateWorkspace(values);
    client.setQueryData(['workspace'], saved);
    await client.invalidateQueries({ queryKey: ['session'] });
    notifications.show({ color: 'teal', message: t('common.saved') });
  });
  return (
    <form onSubmit={form.onSubmit(save.submit)}>
      <Stack>
        <Title order={3}>{t('nav.workspace')}</Title>
        <Paper withBorder p="md">
          <Stack>
            <TextInput label={t('setup.companyName')} {...form.getInputProps('name')} />
            <Group grow>
              <Select
                label={t('setup.language')}
                data={[
                  { value: 'es', label: 'Español' },
                  { value: 'en', label: 'English' },
                ]}
                allowDeselect={false}
                {...form.getInputProps('language')}
              />
              <Select
                label={t('setup.timeZone')}
                data={Intl.supportedValuesOf('timeZone')}
                searchable
                allowDeselect={false}
                {...form.getInputProps('timeZone')}
              />
            </Group>
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={5}>{t('workspace.businessHours')}</Title>
            <Text size="sm" c="dimmed">
              {t('workspace.businessHoursHelp')}
            </Text>
            <BusinessHoursEditor
              value={form.values.businessHours}
              onChange={(hours) => form.setFieldValue('businessHours', hours)}
            />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Title order={5}>{t('workspace.websites')}</Title>
            <Text size="sm" c="dimmed">
              {t('workspace.websitesHelp')}
            </Text>
            <TagsInput
              placeholder="https://www.tuempresa.mx"
              maxTags={10}
              splitChars={[',', ' ']}
              {...form.getInputProps('websites')}
            />
          </Stack>
        </Paper>
        {save.error && <Alert color="red">{save.error}</Alert>}
        <Button type="submit" w="fit-content" loading={save.busy}>
          {t('common.save')}
        </Button>
        <HolidaysEditor />
        {can(session, 'owner') && (
          <Paper withBorder p="md">
            <Stack gap="xs">
              <Title order={5}>{t('workspace.backup')}</Title>
              <Text size="sm" c="dimmed">
                {t('workspace.backupHelp')}
              </Text>
              <Button component="a" variant="light" w="fit-content" href={settingsFiles.backup} download>
                {t('workspace.downloadBackup')}
              </Button>
            </Stack>
          </Paper>
        )}
      </Stack>
    </form>
  );
}

/** Opening hours per weekday (one interval a day), for the workspace or a team that keeps its own. */
export function BusinessHoursEditor({
  value: hours,
  onChange,
}: {
  value: BusinessHours;
  onChange: (hours: BusinessHours) => void;
}) {
  const { t } = useTranslation();
  const setDay = (day: Weekday, value: BusinessHours[Weekday]) => onChange({ ...hours, [day]: value });
  return (
    <>
      {days.map((day) => {
        const interval = hours[day][0];
        return (
          <Group key={day} gap="sm">
            <Checkbox
              w={130}
              label={t(`days.${day}`)}
              checked={Boolean(interval)}
              onChange={(e) => setDay(day, e.currentTarget.checked ? [{ open: '09:00', close: '18:00' }] : [])}
            />
            {interval && (
              <>
                <TextInput
                  aria-label={`${t(`days.${day}`)} ${t('workspace.opens')}`}
                  type="time"
                  w={120}
                  value={interval.open}
                  onChange={(e) => setDay(day, [{ ...interval, open: e.currentTarget.value }])}
                />
                <Text size="sm">–</Text>
                <TextInput
                  aria-label={`${t(`days.${day}`)} ${t('workspace.closes')}`}
                  type="time"
                  w={120}
                  value={interval.close}
                  onChange={(e) => setDay(day, [{ ...interval, close: e.currentTarget.value }])}
                />
              </>
            )}
          </Group>
        );
      })}
    </>
  );
}

/** Holidays: days closed whatever the weekly hours say; Mexico's federal ones load in one click. */
function HolidaysEditor() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const holidays = useHolidays();
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const year = new Date().getFullYear();
  const run = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await client.invalidateQueries({ queryKey: ['holidays'] });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={5}>{t('workspace.holidays')}</Title>
        <Text size="sm" c="dimmed">
          {t('workspace.holidaysHelp')}
        </Text>
        <Group gap="xs">
          {[year, year + 1].map((y) => (
            <Button
              key={y}
              size="xs"
              variant="light"
              onClick={() => void run(() => settingsApi.addMexicanHolidays({ year: y }))}
            >
              {t('workspace.loadMexico', { year: y })}
            </Button>
          ))}
        </Group>
        <Stack gap={2} data-testid="holidays">
          {holidays.data?.map((h) => (
            <Group key={h.date} gap="xs">
              <Text size="sm" w={130}>
                {new Date(`${h.date}T12:00:00Z`).toLocaleDateString(localeOf(i18n.language), {
                  day: 'numeric',
                  month: 'short',
                  year: 'numeric',
                  timeZone: 'UTC',
                })}
              </Text>
              <Text size="sm">{h.name}</Text>
              <ActionIcon
                size="xs"
                variant="subtle"
                color="red"
                aria-label={`${t('workspace.removeHoliday')} ${h.name}`}
                onClick={() => void run(() => settingsApi.deleteHoliday(h.date))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
        </Stack>
        <Group align="flex-end" gap="xs">
          <TextInput
            size="xs"
            type="date"
            label={t('workspace.holidayDate')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
          />
          <TextInput
            size="xs"
            label={t('workspace.holidayName')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Button
            size="xs"
            disabled={!date || !name.trim()}
            onClick={() =>
              void run(async () => {
                await settingsApi.createHoliday({ date, name });
                setDate('');
                setName('');
              })
            }
          >
            {t('workspace.addHoliday')}
          </Button>
        </Group>
        {error && (
          <Alert color="red" py="xs">
            {error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}

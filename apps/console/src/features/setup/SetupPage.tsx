// First visit: create your own workspace, or look around the demo one.
import {
  Alert,
  Button,
  Checkbox,
  Divider,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import type { SessionInfo, SetupStatus } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSetSession } from '../../session';
import { AuthCard } from '../auth/AuthCard';
import { useSubmit } from '../auth/useApiForm';
import { setupApi } from './api';

const zones = [
  'America/Mexico_City',
  'America/Monterrey',
  'America/Cancun',
  'America/Chihuahua',
  'America/Hermosillo',
  'America/Mazatlan',
  'America/Tijuana',
  'America/Bogota',
  'America/Lima',
  'America/Santiago',
  'America/Argentina/Buenos_Aires',
  'America/New_York',
  'America/Los_Angeles',
  'Europe/Madrid',
  'UTC',
];

export function SetupPage({ status }: { status: SetupStatus | undefined }) {
  const { t, i18n } = useTranslation();
  const setSession = useSetSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: {
      companyName: '',
      ownerName: '',
      email: '',
      password: '',
      language: i18n.language === 'en' ? 'en' : 'es',
      timeZone: 'America/Mexico_City',
      starterContent: true,
    },
    validate: {
      companyName: (v) => (v.trim() ? null : t('form.required')),
      ownerName: (v) => (v.trim() ? null : t('form.required')),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('form.invalidEmail')),
      password: (v) => (v.length >= 10 ? null : t('form.passwordLength')),
    },
  });
  const done = async (session: SessionInfo) => {
    setSession(session);
    await client.invalidateQueries({ queryKey: ['setup'] });
    void navigate('/today');
  };
  const create = useSubmit(form, async (values) => done(await setupApi.setUp(values)));
  const demo = useSubmit(null, async () => done(await setupApi.openDemo()));

  if (status && !status.needsSetup && !status.demoAvailable) {
    return (
      <AuthCard title={t('setup.title')}>
        <Text>{t('errors.setupClosed')}</Text>
        <Button onClick={() => navigate('/login')}>{t('auth.signIn')}</Button>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t('setup.title')} width={560}>
      <Text c="dimmed" size="sm">
        {t('setup.intro')}
      </Text>
      {status?.needsSetup !== false && (
        <form onSubmit={form.onSubmit(create.submit)} noValidate>
          <Stack>
            <TextInput label={t('setup.companyName')} required {...form.getInputProps('companyName')} />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <TextInput
                label={t('setup.ownerName')}
                required
                autoComplete="name"
                {...form.getInputProps('ownerName')}
              />
              <TextInput
                label={t('auth.email')}
                type="email"
                required
                autoComplete="email"
                {...form.getInputProps('email')}
              />
            </SimpleGrid>
            <PasswordInput
              label={t('auth.password')}
              description={t('form.passwordLength')}
              required
              autoComplete="new-password"
              {...form.getInputProps('password')}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
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
                data={zones}
                searchable
                allowDeselect={false}
                {...form.getInputProps('timeZone')}
              />
            </SimpleGrid>
            <Checkbox
              label={t('frame.gettingStarted.starterChoice')}
              description={t('frame.gettingStarted.starterHelp')}
              {...form.getInputProps('starterContent', { type: 'checkbox' })}
            />
            {create.error && <Alert color="red">{create.error}</Alert>}
            <Button type="submit" loading={create.busy}>
              {t('setup.create')}
            </Button>
          </Stack>
        </form>
      )}
      {status?.demoAvailable && (
        <>
          <Divider label={t('setup.or')} />
          <Text size="sm" c="dimmed">
            {t('setup.demoIntro')}
          </Text>
          {demo.error && <Alert color="red">{demo.error}</Alert>}
          <Button variant="light" color="grape" loading={demo.busy} onClick={() => demo.submit(undefined)}>
            {t('setup.openDemo')}
          </Button>
        </>
      )}
    </AuthCard>
  );
}

import { Alert, Button, Checkbox, Paper, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { NotificationKind } from '@atiende/contract';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSession, useSetSession } from '../../session';
import { useSubmit } from '../auth/useApiForm';
import { authApi } from '../auth/api';
import { settingsApi, useNotificationPreferences } from './api';

export function ProfileSettings() {
  const { t } = useTranslation();
  const session = useSession().data!;
  const setSession = useSetSession();
  const profile = useForm({ initialValues: { name: session.user.name, language: session.user.language } });
  const saveProfile = useSubmit(profile, async (values) => {
    setSession(await settingsApi.updateProfile(values));
    notifications.show({ color: 'teal', message: t('common.saved') });
  });
  const password = useForm({
    initialValues: { currentPassword: '', newPassword: '' },
    validate: { newPassword: (v) => (v.length >= 10 ? null : t('form.passwordLength')) },
  });
  const savePassword = useSubmit(password, async (values) => {
    setSession(await authApi.changePassword(values));
    password.reset();
    notifications.show({ color: 'teal', message: t('profile.passwordChanged') });
  });
  return (
    <Stack>
      <Title order={3}>{t('nav.profile')}</Title>
      <Paper withBorder p="md">
        <form onSubmit={profile.onSubmit(saveProfile.submit)}>
          <Stack>
            <TextInput label={t('profile.name')} {...profile.getInputProps('name')} />
            <TextInput label={t('auth.email')} value={session.user.email} readOnly />
            <Select
              label={t('profile.language')}
              data={[
                { value: 'es', label: 'Español' },
                { value: 'en', label: 'English' },
              ]}
              allowDeselect={false}
              {...profile.getInputProps('language')}
            />
            {saveProfile.error && <Alert color="red">{saveProfile.error}</Alert>}
            <Button type="submit" w="fit-content" loading={saveProfile.busy}>
              {t('common.save')}
            </Button>
          </Stack>
        </form>
      </Paper>
      <EmailNotices />
      <Paper withBorder p="md">
        <form onSubmit={password.onSubmit(savePassword.submit)} noValidate>
          <Stack>
            <Title order={5}>{t('profile.changePassword')}</Title>
            <PasswordInput
              label={t('profile.currentPassword')}
              autoComplete="current-password"
              {...password.getInputProps('currentPassword')}
            />
            <PasswordInput
              label={t('auth.newPassword')}
              description={t('form.passwordLength')}
              autoComplete="new-password"
              {...password.getInputProps('newPassword')}
            />
            {savePassword.error && <Alert color="red">{savePassword.error}</Alert>}
            <Button type="submit" w="fit-content" loading={savePassword.busy}>
              {t('profile.changePassword')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

/** Which notices also arrive by email; on screen they always do. */
function EmailNotices() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const current = useNotificationPreferences();
  const save = useSubmit(null, async (email: NotificationKind[]) => {
    client.setQueryData(['notification-preferences'], await settingsApi.setNotificationPreferences({ email }));
    notifications.show({ color: 'teal', message: t('common.saved') });
  });
  if (!current.data) return null;
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Title order={5}>{t('profile.emailNotices')}</Title>
        <Text size="sm" c="dimmed">
          {t('profile.emailNoticesHelp')}
        </Text>
        <Checkbox.Group value={current.data.email} onChange={(value) => void save.submit(value)}>
          <Stack gap={6}>
            {(['assigned', 'mention', 'sla_breached', 'task_due', 'automation'] as const).map((kind) => (
              <Checkbox key={kind} value={kind} label={t(`profile.notices.${kind}`)} />
            ))}
          </Stack>
        </Checkbox.Group>
        {save.error && <Alert color="red">{save.error}</Alert>}
      </Stack>
    </Paper>
  );
}

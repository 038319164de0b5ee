import { Alert, Anchor, Button, Group, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSetSession } from '../../session';
import { AuthCard } from './AuthCard';
import { useSubmit } from './useApiForm';
import { authApi } from './api';

export function LoginPage({ demoAvailable }: { demoAvailable: boolean }) {
  const { t } = useTranslation();
  const setSession = useSetSession();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('form.required')),
      password: (v) => (v ? null : t('form.required')),
    },
  });
  const login = useSubmit(form, async (values) => {
    setSession(await authApi.signIn(values));
    void navigate('/today');
  });
  return (
    <AuthCard title={t('auth.signInTitle')}>
      <form onSubmit={form.onSubmit(login.submit)} noValidate>
        <Stack>
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            {...form.getInputProps('password')}
          />
          {login.error && <Alert color="red">{login.error}</Alert>}
          <Button type="submit" loading={login.busy}>
            {t('auth.signIn')}
          </Button>
          <Group justify="space-between">
            <Anchor component={Link} to="/forgot" size="sm">
              {t('auth.forgot')}
            </Anchor>
            {demoAvailable && (
              <Anchor component={Link} to="/setup" size="sm">
                {t('setup.openDemo')}
              </Anchor>
            )}
          </Group>
        </Stack>
      </form>
    </AuthCard>
  );
}

import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AuthCard } from './AuthCard';
import { useSubmit } from './useApiForm';
import { authApi } from './api';

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [done, setDone] = useState(false);
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 10 ? null : t('form.passwordLength')),
      confirm: (v, all) => (v === all.password ? null : t('form.passwordsDiffer')),
    },
  });
  const reset = useSubmit(form, async (values) => {
    await authApi.confirmPasswordReset({ token, password: values.password });
    setDone(true);
  });
  return (
    <AuthCard title={t('auth.resetTitle')}>
      {done ? (
        <Alert color="teal">{t('auth.resetDone')}</Alert>
      ) : (
        <form onSubmit={form.onSubmit(reset.submit)} noValidate>
          <Stack>
            <PasswordInput
              label={t('auth.newPassword')}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            <PasswordInput
              label={t('auth.confirmPassword')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            {reset.error && <Alert color="red">{reset.error}</Alert>}
            <Button type="submit" loading={reset.busy}>
              {t('auth.savePassword')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm">
        {t('auth.backToSignIn')}
      </Anchor>
    </AuthCard>
  );
}

import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthCard } from './AuthCard';
import { useSubmit } from './useApiForm';
import { authApi } from './api';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('form.invalidEmail')) },
  });
  const request = useSubmit(form, async (values) => {
    await authApi.requestPasswordReset(values);
    setSent(true);
  });
  return (
    <AuthCard title={t('auth.forgotTitle')}>
      {sent ? (
        <Alert color="teal">{t('auth.resetSent')}</Alert>
      ) : (
        <form onSubmit={form.onSubmit(request.submit)} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('auth.forgotIntro')}
            </Text>
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              {...form.getInputProps('email')}
            />
            {request.error && <Alert color="red">{request.error}</Alert>}
            <Button type="submit" loading={request.busy}>
              {t('auth.sendLink')}
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

// Joining a workspace from an invitation link: a new person creates an account, an existing one signs in.
import { Alert, Button, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSetSession } from '../../session';
import { AuthCard } from './AuthCard';
import { useSubmit } from './useApiForm';
import { settingsApi } from '../settings/api';

export function AcceptInvitePage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const setSession = useSetSession();
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => settingsApi.getInvitation(token),
    retry: false,
  });
  const form = useForm({ initialValues: { name: '', email: '', password: '' } });
  const accept = useSubmit(form, async (values) => {
    const body = {
      name: values.name || values.email || 'x',
      password: values.password,
      language: i18n.language === 'en' ? 'en' : 'es',
      ...(preview.data?.email ? {} : { email: values.email }),
    };
    setSession(await settingsApi.acceptInvitation(token, body));
    void navigate('/today');
  });
  if (preview.isPending)
    return (
      <AuthCard title={t('invite.title')}>
        <Loader />
      </AuthCard>
    );
  if (preview.isError)
    return (
      <AuthCard title={t('invite.title')}>
        <Alert color="red">{preview.error.message}</Alert>
      </AuthCard>
    );
  const invitation = preview.data;
  return (
    <AuthCard title={t('invite.title')}>
      <Text>{t('invite.intro', { workspace: invitation.workspaceName, role: t(`roles.${invitation.role}`) })}</Text>
      <form onSubmit={form.onSubmit(accept.submit)} noValidate>
        <Stack>
          {!invitation.existingAccount && (
            <TextInput label={t('invite.yourName')} required autoComplete="name" {...form.getInputProps('name')} />
          )}
          {invitation.email ? (
            <TextInput label={t('auth.email')} value={invitation.email} readOnly />
          ) : (
            <TextInput
              label={t('auth.email')}
              type="email"
              required
              autoComplete="email"
              {...form.getInputProps('email')}
            />
          )}
          <PasswordInput
            label={invitation.existingAccount ? t('auth.password') : t('invite.choosePassword')}
            description={invitation.existingAccount ? t('invite.existingAccount') : t('form.passwordLength')}
            autoComplete={invitation.existingAccount ? 'current-password' : 'new-password'}
            required
            {...form.getInputProps('password')}
          />
          {accept.error && <Alert color="red">{accept.error}</Alert>}
          <Button type="submit" loading={accept.busy}>
            {t('invite.join')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}

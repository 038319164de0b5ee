// The short form that starts a contact or a company; the rest of the profile is filled in on its page.
import { Alert, Button, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { customersApi } from './api';
import { useSubmit } from '../auth/useApiForm';

export function CreateForm<T extends { id: string }>({
  kind,
  onCreated,
}: {
  kind: 'contact' | 'company';
  onCreated: (created: T) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const form = useForm({ initialValues: { name: '', email: '', phone: '', tags: [] as string[] } });
  const create = useSubmit(form, async (v) => {
    const body =
      kind === 'contact'
        ? {
            name: v.name,
            emails: v.email ? [{ value: v.email }] : [],
            phones: v.phone ? [{ value: v.phone }] : [],
            tags: v.tags,
          }
        : { name: v.name, email: v.email || null, phone: v.phone || null, tags: v.tags };
    const created = await customersApi.createRecord<T>(kind === 'contact' ? 'contacts' : 'companies', body);
    await client.invalidateQueries({ queryKey: [kind === 'contact' ? 'contacts' : 'companies'] });
    onCreated(created);
  });
  // Field errors come back as emails.0.value / phones.0.value for contacts.
  const error = (field: 'email' | 'phone') => form.errors[field] ?? form.errors[`${field}s.0.value`];
  return (
    <form onSubmit={form.onSubmit(create.submit)} noValidate>
      <Stack>
        <TextInput label={t('customers.name')} required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label={t('customers.fields.email')}
          type="email"
          {...form.getInputProps('email')}
          error={error('email')}
        />
        <TextInput
          label={t('customers.fields.phone')}
          description={t('customers.phonesHelp')}
          {...form.getInputProps('phone')}
          error={error('phone')}
        />
        <TagsInput label={t('customers.tags')} {...form.getInputProps('tags')} />
        {create.error && <Alert color="red">{create.error}</Alert>}
        <Button type="submit" loading={create.busy}>
          {t('customers.create')}
        </Button>
      </Stack>
    </form>
  );
}

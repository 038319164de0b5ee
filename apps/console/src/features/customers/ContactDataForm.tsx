// The form of a contact's own data: name, addresses and numbers, status, owner, companies, language and source.
import { Alert, Button, Group, MultiSelect, Select, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { Address, Contact, CustomerStatus } from '@atiende/contract';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';

const statuses: CustomerStatus[] = ['prospect', 'active', 'former', 'blocked'];

export function ContactDataForm({
  contact: c,
  members,
  companies,
  onSave,
  onCancel,
}: {
  contact: Contact;
  members: { value: string; label: string }[];
  companies: { value: string; label: string }[];
  onSave: (patch: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: {
      name: c.name,
      emails: c.emails.map((e) => e.value),
      phones: c.phones.map((p) => p.value),
      whatsappId: c.whatsappId ?? '',
      website: c.website ?? '',
      street: (c.address as Address).street ?? '',
      city: (c.address as Address).city ?? '',
      state: (c.address as Address).state ?? '',
      postalCode: (c.address as Address).postalCode ?? '',
      status: c.status,
      leftReason: c.leftReason ?? '',
      ownerId: c.ownerId,
      tags: c.tags,
      source: c.source ?? '',
      companies: c.companies.map((co) => co.id),
    },
  });
  const submit = useSubmit(form, async (v) => {
    const roles = new Map(c.companies.map((co) => [co.id, co.role]));
    // A number or address kept as it was keeps its label (mobile, work…).
    const labels = new Map([...c.emails, ...c.phones].map((x) => [x.value, x.label]));
    await onSave({
      name: v.name,
      emails: v.emails.map((value) => ({ value, label: labels.get(value) ?? null })),
      phones: v.phones.map((value) => ({ value, label: labels.get(value) ?? null })),
      whatsappId: v.whatsappId || null,
      website: v.website || null,
      address: {
        street: v.street || null,
        city: v.city || null,
        state: v.state || null,
        postalCode: v.postalCode || null,
      },
      status: v.status,
      leftReason: v.leftReason || null,
      ownerId: v.ownerId,
      tags: v.tags,
      source: v.source || null,
      companies: v.companies.map((companyId) => ({ companyId, role: roles.get(companyId) ?? null })),
    });
  });
  // The server names list items (emails.1.value); show them on the list's input.
  const listError = (name: 'emails' | 'phones') =>
    Object.entries(form.errors).find(([k]) => k.startsWith(`${name}.`))?.[1];
  return (
    <form onSubmit={form.onSubmit(submit.submit)}>
      <Stack gap="sm">
        <TextInput label={t('customers.name')} {...form.getInputProps('name')} />
        <TagsInput label={t('customers.emails')} {...form.getInputProps('emails')} error={listError('emails')} />
        <TagsInput
          label={t('customers.phones')}
          description={t('customers.phonesHelp')}
          {...form.getInputProps('phones')}
          error={listError('phones')}
        />
        <Group grow>
          <TextInput label={t('customers.whatsappId')} {...form.getInputProps('whatsappId')} />
          <TextInput label={t('customers.website')} {...form.getInputProps('website')} />
        </Group>
        <TextInput label={t('customers.street')} {...form.getInputProps('street')} />
        <Group grow>
          <TextInput label={t('customers.city')} {...form.getInputProps('city')} />
          <TextInput label={t('customers.state')} {...form.getInputProps('state')} />
          <TextInput label={t('customers.postalCode')} {...form.getInputProps('postalCode')} />
        </Group>
        <Group grow>
          <Select
            label={t('customers.status')}
            allowDeselect={false}
            data={statuses.map((s) => ({ value: s, label: t(`customers.statuses.${s}`) }))}
            {...form.getInputProps('status')}
          />
          <Select label={t('customers.owner')} clearable data={members} {...form.getInputProps('ownerId')} />
        </Group>
        {form.values.status === 'former' && (
          <TextInput label={t('customers.leftReason')} {...form.getInputProps('leftReason')} />
        )}
        <MultiSelect
          label={t('customers.companiesOf')}
          searchable
          data={companies}
          {...form.getInputProps('companies')}
        />
        <TagsInput label={t('customers.tags')} {...form.getInputProps('tags')} />
        <TextInput label={t('customers.source')} {...form.getInputProps('source')} />
        {submit.error && <Alert color="red">{submit.error}</Alert>}
        <Group>
          <Button type="submit" loading={submit.busy}>
            {t('common.save')}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('customers.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

// The workspace's own fields on a contact or company profile, shown and edited by their type.
import { Checkbox, MultiSelect, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import type { CustomField } from '@atiende/contract';
import { useTranslation } from 'react-i18next';
import { SectionForm } from './SectionForm';
import { Field, Section } from './shared';
import { useCustomFields } from '../settings/api';

export function CustomSection({
  entity,
  values,
  canEdit,
  onSave,
}: {
  entity: 'contact' | 'company';
  values: Record<string, unknown>;
  canEdit: boolean;
  onSave: (patch: Record<string, unknown>) => Promise<void>;
}) {
  const { t } = useTranslation();
  const fields = useCustomFields();
  const mine = (fields.data ?? []).filter((f) => f.entity === entity);
  if (mine.length === 0) return null;
  const show = (f: CustomField) => {
    const v = values[f.key];
    if (v === undefined || v === null) return null;
    if (f.type === 'yes_no') return v ? t('customFields.yes') : t('customFields.no');
    if (Array.isArray(v)) return v.join(', ');
    return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  };
  const initial = Object.fromEntries(
    mine.map((f) => [f.key, values[f.key] ?? (f.type === 'multi_choice' ? [] : f.type === 'yes_no' ? false : '')]),
  );
  return (
    <Section
      title={t('customFields.section')}
      canEdit={canEdit}
      testId="section-custom"
      view={
        <Stack gap={6}>
          {mine.map((f) => (
            <Field key={f.key} label={f.label}>
              {show(f)}
            </Field>
          ))}
        </Stack>
      }
      edit={(done) => (
        <SectionForm
          initial={initial}
          toPatch={(v) => ({
            custom: Object.fromEntries(
              mine.map((f) => [
                f.key,
                v[f.key] === '' ||
                (Array.isArray(v[f.key]) && (v[f.key] as unknown[]).length === 0 && f.type !== 'multi_choice')
                  ? null
                  : f.type === 'number' && v[f.key] !== ''
                    ? Number(v[f.key])
                    : v[f.key],
              ]),
            ),
          })}
          onSave={onSave}
          done={done}
          fields={(form) => (
            <>
              {mine.map((f) => {
                if (f.type === 'number')
                  return <NumberInput key={f.key} label={f.label} {...form.getInputProps(f.key)} />;
                if (f.type === 'date')
                  return <TextInput key={f.key} type="date" label={f.label} {...form.getInputProps(f.key)} />;
                if (f.type === 'choice')
                  return (
                    <Select key={f.key} label={f.label} clearable data={f.options} {...form.getInputProps(f.key)} />
                  );
                if (f.type === 'multi_choice')
                  return <MultiSelect key={f.key} label={f.label} data={f.options} {...form.getInputProps(f.key)} />;
                if (f.type === 'yes_no')
                  return <Checkbox key={f.key} label={f.label} {...form.getInputProps(f.key, { type: 'checkbox' })} />;
                return <TextInput key={f.key} label={f.label} {...form.getInputProps(f.key)} />;
              })}
            </>
          )}
        />
      )}
    />
  );
}

// A profile section's form, shared by contact and company pages.
import { Alert, Button, Group, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSubmit } from '../auth/useApiForm';

/** A profile section's form: initial values in, a PATCH body out. */
export function SectionForm<V extends Record<string, unknown>>({
  initial,
  toPatch,
  onSave,
  done,
  fields,
}: {
  initial: V;
  toPatch: (v: V) => Record<string, unknown>;
  onSave: (patch: Record<string, unknown>) => Promise<void>;
  done: () => void;
  fields: (form: ReturnType<typeof useForm<V>>) => ReactNode;
}) {
  const { t } = useTranslation();
  const form = useForm<V>({ initialValues: initial });
  const submit = useSubmit(form, async (v) => {
    await onSave(toPatch(v));
    done();
  });
  return (
    <form onSubmit={form.onSubmit(submit.submit)}>
      <Stack gap="sm">
        {fields(form)}
        {submit.error && <Alert color="red">{submit.error}</Alert>}
        <Group>
          <Button type="submit" loading={submit.busy}>
            {t('common.save')}
          </Button>
          <Button variant="subtle" onClick={done}>
            {t('customers.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

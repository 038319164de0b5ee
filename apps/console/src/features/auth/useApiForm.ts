// Submitting a form to the API: shows the server's message and puts field errors next to their fields.
import type { UseFormReturnType } from '@mantine/form';
import { useState } from 'react';
import { ApiError } from '../../api';

export function useSubmit<T>(form: UseFormReturnType<T> | null, action: (values: T) => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: T) => {
    setBusy(true);
    setError(null);
    try {
      await action(values);
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.message);
        if (form && e.fields.length) form.setErrors(e.fieldErrors());
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  };
  return { submit, error, busy };
}

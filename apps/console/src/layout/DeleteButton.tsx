// Deleting a record: asks once, says why it failed if it does, then goes back to the list.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { describeError } from '../api';

export function DeleteButton({
  remove: request,
  confirm,
  label,
  then,
  invalidate,
}: {
  /** The request that deletes the record. */
  remove: () => Promise<unknown>;
  confirm: string;
  label: string;
  then: string;
  invalidate: string;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: request,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: [invalidate] });
      void navigate(then);
    },
  });
  return (
    <>
      <Button size="xs" variant="subtle" color="red" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={label}>
        <Stack>
          <Text size="sm">{confirm}</Text>
          {remove.error && <Alert color="red">{describeError(remove.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('incidents.cancel')}
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate()}>
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

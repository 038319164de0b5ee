// Why a save was refused, next to the form: someone else's change in between (with a way to load theirs) or any
// other error in words.
import { Alert, Button, Stack, Text } from '@mantine/core';
import { ApiError, describeError } from '../api';

export function SaveError({
  error,
  reloadLabel,
  onReload,
}: {
  error: unknown;
  reloadLabel: string;
  onReload: () => void;
}) {
  if (!error) return null;
  const conflict = error instanceof ApiError && error.code === 'edit_conflict';
  return (
    <Alert color={conflict ? 'orange' : 'red'}>
      <Stack gap="xs">
        <Text size="sm">{describeError(error)}</Text>
        {conflict && (
          <Button size="xs" variant="light" onClick={onReload}>
            {reloadLabel}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

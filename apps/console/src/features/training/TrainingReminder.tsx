// On the home screen: the training tracks someone still has to finish, one click away.
import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyTraining } from './api';

export function TrainingReminder() {
  const { t } = useTranslation();
  const mine = useMyTraining();
  const pending = (mine.data ?? []).filter((m) => !m.passedAt);
  if (!pending.length) return null;
  return (
    <Alert color="grape" title={t('training.reminder')} data-testid="training-reminder" maw={420}>
      <Stack gap={2}>
        {pending.map((m) => (
          <Text key={m.assignmentId} size="sm">
            <Anchor component={Link} to="/training">
              {m.trackName}
            </Anchor>{' '}
            · {t('training.read', { read: m.articlesRead, count: m.articles })}
            {m.dueOn ? ` · ${t('training.dueOn', { date: m.dueOn })}` : ''}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

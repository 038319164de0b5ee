// An address that leads nowhere: say so, show it, and offer the way back (never a blank page).
import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Center h="100%" p="md">
      <Stack align="center" maw={480} ta="center">
        <Title order={1} size="h2">
          {t('frame.notFound.title')}
        </Title>
        <Text c="gray.7">{t('frame.notFound.body', { path: location.pathname })}</Text>
        <Button component={Link} to="/today">
          {t('frame.notFound.back')}
        </Button>
      </Stack>
    </Center>
  );
}

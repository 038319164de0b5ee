// The frame of every signed-out page: a centred card with the product name and a language switch.
import { Anchor, Center, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../../i18n';

export function AuthCard({ title, children, width = 420 }: { title: string; children: ReactNode; width?: number }) {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'es' : 'en';
  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={width}>
        <Stack>
          <Group justify="space-between">
            <Title order={3} c="cyan.8">
              Atiende
            </Title>
            <Anchor component="button" size="sm" onClick={() => setLanguage(other)}>
              {t('auth.switchLanguage')}
            </Anchor>
          </Group>
          <Title order={4}>{title}</Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

// The checklist of a new workspace on today's page: each step ticks itself when its data shows it done (an inbox
// connected, someone invited…), links to where it is done, and can be hidden; the starter content is one click.
import { Anchor, Button, Card, Group, Progress, Stack, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import type { GettingStarted as Checklist, GettingStartedStep } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { describeError } from '../../api';
import { homeApi } from './api';

const where: Record<GettingStartedStep, string> = {
  whatsapp: '/settings/channels',
  email: '/settings/channels',
  website_chat: '/settings/widget',
  team: '/settings/team',
  contacts: '/contacts/import',
  article: '/knowledge',
  business_hours: '/settings/workspace',
};

export function GettingStarted() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const checklist = useQuery({
    queryKey: ['getting-started'],
    queryFn: homeApi.getGettingStarted,
  });
  const save = (data: Checklist) => client.setQueryData(['getting-started'], data);
  const hide = useMutation({
    mutationFn: homeApi.hideGettingStarted,
    onSuccess: save,
  });
  const starter = useMutation({
    mutationFn: homeApi.addStarterContent,
    onSuccess: (data) => {
      save(data);
      void client.invalidateQueries({ queryKey: ['labels'] });
      void client.invalidateQueries({ queryKey: ['quick-replies'] });
    },
  });
  const data = checklist.data;
  if (!data || data.dismissed) return null;
  const total = data.steps.length;
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby="getting-started-title"
      data-testid="getting-started"
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4" id="getting-started-title">
            {t('frame.gettingStarted.title')}
          </Title>
          <Text size="sm" c="gray.7">
            {t('frame.gettingStarted.progress', { done: data.done, total })}
          </Text>
        </div>
        <Button variant="subtle" size="xs" color="gray" onClick={() => hide.mutate(true)} loading={hide.isPending}>
          {t('frame.gettingStarted.hide')}
        </Button>
      </Group>
      <Progress
        value={(data.done / total) * 100}
        mt="xs"
        mb="sm"
        aria-label={t('frame.gettingStarted.progress', { done: data.done, total })}
      />
      <Stack gap={6}>
        {data.steps.map((step) => (
          <Group key={step.key} gap="xs" wrap="nowrap" data-testid={`step-${step.key}`} data-done={step.done}>
            <ThemeIcon
              size={22}
              radius="xl"
              variant={step.done ? 'filled' : 'light'}
              color={step.done ? 'teal.8' : 'gray.6'}
            >
              {step.done ? <IconCheck size={14} aria-hidden /> : <IconCircleDashed size={14} aria-hidden />}
            </ThemeIcon>
            {step.done ? (
              <Text size="sm" c="gray.7" td="line-through">
                {t(`frame.gettingStarted.steps.${step.key}`)}
                <VisuallyHidden> ({t('frame.gettingStarted.done')})</VisuallyHidden>
              </Text>
            ) : (
              <Anchor component={Link} to={where[step.key]} size="sm">
                {t(`frame.gettingStarted.steps.${step.key}`)}
              </Anchor>
            )}
          </Group>
        ))}
      </Stack>
      {!data.starterContent && (
        <Group mt="sm" gap="xs" wrap="wrap">
          <Button size="xs" variant="light" onClick={() => starter.mutate()} loading={starter.isPending}>
            {t('frame.gettingStarted.addStarter')}
          </Button>
          <Text size="xs" c="gray.7">
            {t('frame.gettingStarted.starterHelp')}
          </Text>
        </Group>
      )}
      {(hide.error || starter.error) && (
        <Text size="sm" c="red.8" mt="xs" role="alert">
          {describeError(hide.error ?? starter.error)}
        </Text>
      )}
    </Card>
  );
}

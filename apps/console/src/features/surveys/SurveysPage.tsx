// Surveys: the list, and new ones from the ready-to-use templates (CSAT after a conversation, NPS, churn, the seed's
// client and provider questionnaires) or blank.
import '../insight-i18n';
import { Alert, Badge, Button, Group, Menu, Paper, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import type { SurveyDefinition } from '@atiende/contract';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../api';
import { surveysApi, useSurveyTemplates, useSurveys } from './api';

export const statusColor = { draft: 'gray', active: 'green', closed: 'orange' } as const;

const blankDefinition = (title: string): SurveyDefinition => ({
  title: { es: title, en: title },
  intro: { es: '', en: '' },
  thanks: { es: '¡Gracias!', en: 'Thank you!' },
  sections: [
    {
      title: { es: '', en: '' },
      questions: [
        {
          id: 'q1',
          type: 'csat',
          text: { es: '¿Qué tan satisfecho quedaste?', en: 'How satisfied are you?' },
          required: true,
        },
      ],
    },
  ],
});

export function SurveysPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const surveys = useSurveys();
  const templates = useSurveyTemplates();
  const create = useMutation({
    mutationFn: (template: string | null) =>
      template
        ? surveysApi.createSurveyFromTemplate({ template })
        : surveysApi.createSurvey({
            name: t('surveys.blank'),
            definition: blankDefinition(t('surveys.blank')),
          }),
    onSuccess: (survey) => navigate(`/surveys/${survey.id}`),
  });
  return (
    <ScrollArea h="100%">
      <Stack p="md" maw={1000}>
        <Group justify="space-between">
          <Title order={3}>{t('surveys.title')}</Title>
          <Group>
            <Menu>
              <Menu.Target>
                <Button loading={create.isPending}>{t('surveys.fromTemplate')}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                {templates.data?.map((tpl) => (
                  <Menu.Item key={tpl.key} onClick={() => create.mutate(tpl.key)}>
                    {tpl.name}{' '}
                    <Text span size="xs" c="dimmed">
                      ({tpl.questions})
                    </Text>
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Button variant="default" onClick={() => create.mutate(null)}>
              {t('surveys.blank')}
            </Button>
          </Group>
        </Group>
        {create.error && <Alert color="red">{describeError(create.error)}</Alert>}
        {surveys.data?.length === 0 && <Text c="dimmed">{t('surveys.none')}</Text>}
        {!!surveys.data?.length && (
          <Paper withBorder>
            <Table highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('surveys.name')}</Table.Th>
                  <Table.Th>{t('surveys.status')}</Table.Th>
                  <Table.Th>{t('surveys.invitations')}</Table.Th>
                  <Table.Th>{t('surveys.responses')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {surveys.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Link to={`/surveys/${s.id}`}>{s.name}</Link>
                      {s.afterResolution && (
                        <Badge ml="xs" size="xs" variant="light">
                          {t('surveys.afterResolution')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusColor[s.status]} variant="light">
                        {t(`surveys.statuses.${s.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{s.invitations}</Table.Td>
                    <Table.Td>{s.responses}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        )}
      </Stack>
    </ScrollArea>
  );
}

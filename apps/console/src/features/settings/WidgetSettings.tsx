// The snippet to paste into the company's website, and whether new visitors become leads of a pipeline.
import { Alert, Button, Code, CopyButton, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Inbox } from '@atiende/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { usePipelines } from '../deals/api';
import { settingsApi, useInboxes } from './api';
import { WidgetAppearanceForm } from './WidgetAppearanceForm';

export function WidgetSettings() {
  const { t } = useTranslation();
  const inboxes = useInboxes();
  const webchat = inboxes.data?.filter((i) => i.channel === 'webchat') ?? [];
  const client = useQueryClient();
  const pipelines = usePipelines();
  const leads = useMutation({
    mutationFn: ({ id, leadPipelineId }: { id: string; leadPipelineId: string | null }) =>
      settingsApi.updateWebchatInbox(id, { leadPipelineId }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['inboxes'] }),
  });
  return (
    <Stack>
      <Title order={3}>{t('nav.widget')}</Title>
      <Text size="sm" c="dimmed">
        {t('widget.intro')}
      </Text>
      {webchat.map((inbox) => {
        const snippet = `<script src="${location.origin}/widget.js" data-website-token="${inbox.websiteToken}" async></script>`;
        return (
          <Paper key={inbox.id} withBorder p="md">
            <Stack>
              <Title order={5}>{inbox.name}</Title>
              <Code block data-testid="widget-snippet">
                {snippet}
              </Code>
              <CopyButton value={snippet}>
                {({ copied, copy }) => (
                  <Button w="fit-content" onClick={copy}>
                    {copied ? t('common.copied') : t('widget.copy')}
                  </Button>
                )}
              </CopyButton>
              <Text size="xs" c="dimmed">
                {t('widget.hoursHint')}
              </Text>
              <Select
                label={t('widget.leads')}
                description={t('widget.leadsHint')}
                data={[
                  { value: '', label: t('widget.leadsNone') },
                  ...(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name })),
                ]}
                value={inbox.webchat?.leadPipelineId ?? ''}
                onChange={(v) => leads.mutate({ id: inbox.id, leadPipelineId: v || null })}
                allowDeselect={false}
                w="100%"
                maw={360}
              />
              {leads.error && <Alert color="red">{describeError(leads.error)}</Alert>}
              <WidgetAppearanceForm inbox={inbox} />
              <IdentityVerification inbox={inbox} />
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}

/** For sites whose customers sign in: the secret that signs who is chatting, and what the site's server does with it. */
function IdentityVerification({ inbox }: { inbox: Inbox }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const client = useQueryClient();
  const key = ['webchat-identity', inbox.id];
  const secret = useQuery({
    queryKey: key,
    enabled: shown,
    queryFn: () => settingsApi.getWebchatIdentity(inbox.id),
  });
  // Makes the secret the first time, replaces it after.
  const renew = useMutation({
    mutationFn: () => settingsApi.rotateWebchatIdentity(inbox.id),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  const current = secret.data?.secret;
  const example = [
    "const { createHmac } = require('node:crypto');",
    "const hash = createHmac('sha256', process.env.ATIENDE_IDENTITY_SECRET).update(user.email.toLowerCase()).digest('hex');",
    `// <script src="${location.origin}/widget.js" data-website-token="${inbox.websiteToken}"`,
    '//   data-user-email="${user.email}" data-user-name="${user.name}" data-user-hash="${hash}" async></script>',
  ].join('\n');
  return (
    <Stack gap="xs" data-testid="identity-verification">
      <Title order={6}>{t('widget.identityTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('widget.identityIntro')}
      </Text>
      {!shown ? (
        <Button variant="light" w="fit-content" onClick={() => setShown(true)}>
          {t('widget.identityShow')}
        </Button>
      ) : (
        <>
          {secret.data && !current && (
            <Button w="fit-content" loading={renew.isPending} onClick={() => renew.mutate()}>
              {t('widget.identityCreate')}
            </Button>
          )}
          {current && (
            <>
              <Text size="sm">{t('widget.identitySecret')}</Text>
              <Group gap="xs">
                <Code data-testid="identity-secret" style={{ overflowWrap: 'anywhere' }}>
                  {current}
                </Code>
                <CopyButton value={current}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="default" onClick={copy}>
                      {copied ? t('common.copied') : t('common.copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
              <Text size="sm">{t('widget.identityExample')}</Text>
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {example}
              </Code>
              <Button
                color="red"
                variant="subtle"
                w="fit-content"
                loading={renew.isPending}
                onClick={() => window.confirm(t('widget.identityRotateConfirm')) && renew.mutate()}
              >
                {t('widget.identityRotate')}
              </Button>
            </>
          )}
          {(secret.error ?? renew.error) && <Alert color="red">{describeError((secret.error ?? renew.error)!)}</Alert>}
        </>
      )}
    </Stack>
  );
}

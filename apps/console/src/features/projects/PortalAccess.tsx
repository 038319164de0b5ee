// Giving a customer a way into the portal: the one-time link, where it was mailed, or (no email, or no SMTP on this
// server) honestly that nothing was mailed, with the link to copy and share by WhatsApp or chat.
import './projects-i18n';
import { Alert, Button, Code, CopyButton, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../api';
import { projectsApi } from './api';

export function usePortalInvitation() {
  return useMutation({ mutationFn: (contactId: string) => projectsApi.invitePortal({ contactId }) });
}

export function PortalInvitationResult({ invite }: { invite: ReturnType<typeof usePortalInvitation> }) {
  const { t } = useTranslation();
  if (invite.error) return <Alert color="red">{describeError(invite.error)}</Alert>;
  const data = invite.data;
  if (!data) return null;
  return (
    <Alert color={data.mailNotSetUp || !data.emailedTo ? 'yellow' : 'teal'} data-testid="portal-invitation">
      <Stack gap="xs">
        <Text size="sm">
          {!data.emailedTo
            ? t('projects.participants.invitedNoEmail')
            : data.mailNotSetUp
              ? t('projects.participants.invitedNoMail', { email: data.emailedTo })
              : t('projects.participants.invited', { email: data.emailedTo })}
        </Text>
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {data.url}
        </Code>
        <CopyButton value={data.url}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy}>
              {copied ? t('projects.participants.copied') : t('projects.participants.copy')}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Alert>
  );
}

// What one message shows: its text (always as text), its attachments (images inline, everything else a download),
// a location link, and for our own messages the delivery state the channel reported.
import { Anchor, Badge, Button, Group, Image, Paper, Stack, Text, Tooltip } from '@mantine/core';
import type { Conversation, Message } from '@atiende/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationsFiles } from './api';
import { clock } from './format';
import {
  AdReferral,
  FlowResponse,
  OrderCard,
  QuotedMessage,
  Reactions,
  SharedContacts,
  WhatsappErrors,
  metaOf,
} from './WhatsappParts';

const ticks: Record<string, string> = { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };

export function MessageBody({ message: m, conversation }: { message: Message; conversation?: Conversation }) {
  const { t } = useTranslation();
  const wa = metaOf(m);
  const meta = m.metadata as {
    latitude?: number;
    longitude?: number;
    template?: { name: string };
    durationSeconds?: number;
    outcome?: string;
    direction?: string;
  };
  return (
    <Stack gap={4}>
      {m.kind === 'location' && typeof meta.latitude === 'number' && typeof meta.longitude === 'number' && (
        <Anchor
          size="sm"
          href={`https://www.openstreetmap.org/?mlat=${meta.latitude}&mlon=${meta.longitude}#map=17/${meta.latitude}/${meta.longitude}`}
          target="_blank"
          rel="noopener noreferrer"
        >
          📍 {t('inbox.kinds.location')}
        </Anchor>
      )}
      {m.kind === 'template' && meta.template && (
        <Text size="xs" c="dimmed">
          {t('inbox.templateSent', { name: meta.template.name })}
        </Text>
      )}
      {(m.kind === 'call' || m.kind === 'visit') && (
        <Text size="xs" c="dimmed" data-testid="logged-activity">
          {t(`inbox.kinds.${m.kind}`)}
          {meta.direction ? ` · ${t(`inbox.log.directions.${meta.direction}`)}` : ''}
          {typeof meta.durationSeconds === 'number' ? ` · ${Math.round(meta.durationSeconds / 60)} min` : ''}
          {meta.outcome ? ` · ${t(`inbox.log.outcomes.${meta.outcome}`)}` : ''}
        </Text>
      )}
      {wa.referral && <AdReferral referral={wa.referral} />}
      {wa.replyTo && <QuotedMessage quoted={wa.replyTo} />}
      {wa.forwarded && (
        <Text size="xs" c="dimmed" fs="italic">
          ↪ {t('inbox.whatsapp.forwarded')}
        </Text>
      )}
      {m.kind === 'unsupported' && <WhatsappErrors errors={wa.errors ?? []} />}
      {m.kind === 'contacts' && wa.contacts && <SharedContacts contacts={wa.contacts} />}
      {m.kind === 'order' && wa.order && <OrderCard order={wa.order} conversation={conversation} />}
      {m.kind === 'interactive' && typeof wa.response === 'object' && wa.response !== null ? (
        <FlowResponse response={wa.response as Record<string, unknown>} />
      ) : null}
      {m.kind === 'email' ? (
        <EmailBody message={m} />
      ) : (
        m.body &&
        m.kind !== 'contacts' && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {m.body}
          </Text>
        )
      )}
      {m.attachments.map((a) =>
        a.status !== 'ready' ? (
          <Text key={a.id} size="xs" c="dimmed">
            {a.status === 'pending'
              ? t('inbox.attachmentPending', { name: a.name })
              : t('inbox.attachmentFailed', { name: a.name })}
          </Text>
        ) : a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml' ? (
          <Anchor key={a.id} href={a.url} target="_blank" rel="noopener">
            <Image src={a.url} alt={a.name} maw={260} mah={260} fit="contain" radius="sm" />
          </Anchor>
        ) : (
          <Anchor key={a.id} size="sm" href={a.url} download={a.name}>
            📎 {a.name} ({Math.max(1, Math.round(a.size / 1024))} KB)
          </Anchor>
        ),
      )}
      {wa.reactions && <Reactions reactions={wa.reactions} />}
      {m.direction === 'outgoing' && m.deliveryStatus && (
        <Group justify="flex-end" gap={4}>
          <Tooltip label={m.deliveryError ?? t(`inbox.delivery.${m.deliveryStatus}`)}>
            <Text
              size="xs"
              c={m.deliveryStatus === 'failed' ? 'red' : m.deliveryStatus === 'read' ? 'blue' : 'dimmed'}
              data-testid="delivery"
              data-status={m.deliveryStatus}
            >
              {ticks[m.deliveryStatus]}{' '}
              {m.deliveryStatus === 'failed' ? `${t('inbox.delivery.failed')}: ${m.deliveryError ?? ''}` : ''}
            </Text>
          </Tooltip>
        </Group>
      )}
    </Stack>
  );
}

/**
 * An email: its text, or on request its HTML, which the server already passed through an allowlist. The HTML is shown
 * in a sandboxed frame without scripts, so even a sanitiser mistake cannot run code in the console.
 */
function EmailBody({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const meta = m.metadata as {
    subject?: string;
    html?: string;
    quoted?: string | boolean;
    automatic?: string;
    oversized?: number | null;
    unreadable?: boolean;
    attachmentsTooLarge?: string[];
    senderUnverified?: boolean;
    original?: string;
  };
  const [formatted, setFormatted] = useState(false);
  const [showQuoted, setShowQuoted] = useState(false);
  return (
    <Stack gap={4}>
      {meta.automatic && (
        <Tooltip label={t('inbox.email.automaticHelp')} multiline w={280}>
          <Badge size="xs" variant="light" color="gray" w="fit-content" data-testid="automatic-reply">
            {t('inbox.email.automatic')}
          </Badge>
        </Tooltip>
      )}
      {meta.subject && (
        <Text size="xs" fw={600} data-testid="email-subject">
          {t('inbox.email.subject', { subject: meta.subject })}
        </Text>
      )}
      {meta.oversized !== undefined && (
        <Text size="sm" c="orange">
          {t('inbox.email.oversized', { size: Math.round((meta.oversized ?? 0) / 1048576) })}
        </Text>
      )}
      {meta.unreadable && (
        <Text size="sm" c="orange">
          {t('inbox.email.unreadable')}
        </Text>
      )}
      {meta.senderUnverified && (
        <Text size="sm" c="red" fw={600} data-testid="sender-unverified">
          ⚠ {t('inbox.email.senderUnverified')}
        </Text>
      )}
      {formatted && meta.html ? (
        <iframe
          title={meta.subject ?? 'email'}
          sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          srcDoc={`<!doctype html><meta charset="utf-8"><base target="_blank"><style>body{font:14px system-ui,sans-serif;margin:8px;overflow-wrap:anywhere}img{max-width:100%}</style>${meta.html}`}
          style={{ border: 0, width: '100%', minHeight: 240, background: 'white' }}
          data-testid="email-html"
        />
      ) : (
        m.body && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="email-text">
            {m.body}
          </Text>
        )
      )}
      {meta.quoted && !formatted && (
        <>
          {showQuoted && typeof meta.quoted === 'string' ? (
            <Text
              size="sm"
              c="dimmed"
              style={{
                whiteSpace: 'pre-wrap',
                overflowWrap: 'anywhere',
                borderLeft: '2px solid var(--mantine-color-gray-4)',
                paddingLeft: 8,
              }}
              data-testid="email-quoted"
            >
              {meta.quoted}
            </Text>
          ) : (
            <Text size="xs" c="dimmed" fs="italic">
              {t('inbox.email.quoted')}
            </Text>
          )}
          {typeof meta.quoted === 'string' && (
            <Button size="compact-xs" variant="subtle" w="fit-content" onClick={() => setShowQuoted((q) => !q)}>
              {showQuoted ? t('inbox.email.hideQuoted') : t('inbox.email.showQuoted')}
            </Button>
          )}
        </>
      )}
      {meta.attachmentsTooLarge?.length ? (
        <Text size="xs" c="orange">
          {t('inbox.email.tooLarge', { names: meta.attachmentsTooLarge.join(', ') })}
        </Text>
      ) : null}
      <Group gap="xs">
        {meta.html && (
          <Button size="compact-xs" variant="subtle" w="fit-content" onClick={() => setFormatted((f) => !f)}>
            {formatted ? t('inbox.email.showText') : t('inbox.email.showFormatted')}
          </Button>
        )}
        {meta.original && (
          <Anchor
            size="xs"
            href={conversationsFiles.file(meta.original)}
            download="original.eml"
            data-testid="email-original"
          >
            {t('inbox.email.original')}
          </Anchor>
        )}
      </Group>
    </Stack>
  );
}

/** What a machine said about the conversation (a bounce of our mail): centred, not a bubble of anybody's. */
export function Notice({ message: m }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const meta = m.metadata as {
    notice?: string;
    action?: 'failed' | 'delayed';
    severity?: 'hard' | 'soft';
    recipients?: string[];
    reason?: string;
  };
  const to = meta.recipients?.join(', ') || '—';
  const failed = meta.action !== 'delayed';
  return (
    <Paper
      withBorder
      p="xs"
      px="sm"
      maw={520}
      style={{ alignSelf: 'center', borderColor: failed ? 'var(--mantine-color-red-4)' : undefined }}
      bg={failed ? 'red.0' : 'yellow.0'}
      data-testid="notice"
      data-notice={meta.notice}
    >
      <Text size="xs" c="dimmed">
        {m.senderName ?? ''} · {clock(m.createdAt, i18n.language)}
      </Text>
      {meta.notice === 'bounce' ? (
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            ⚠ {failed ? t('inbox.notices.bounceFailed', { to }) : t('inbox.notices.bounceDelayed', { to })}
          </Text>
          {failed && (
            <Text size="sm">
              {meta.severity === 'hard' ? t('inbox.notices.bounceHard') : t('inbox.notices.bounceSoft')}
            </Text>
          )}
          {meta.reason && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('inbox.notices.reason', { reason: meta.reason })}
            </Text>
          )}
        </Stack>
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {m.body}
        </Text>
      )}
    </Paper>
  );
}

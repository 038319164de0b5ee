// What one message shows: its text (always as text), its attachments (images inline, everything else a download),
// a location link, and for our own messages the delivery state the channel reported.
import { Anchor, Group, Image, Stack, Text, Tooltip } from '@mantine/core';
import type { Message } from '@atiende/contract';
import { useTranslation } from 'react-i18next';

const ticks: Record<string, string> = { pending: '🕓', sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };

export function MessageBody({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const meta = m.metadata as { latitude?: number; longitude?: number; template?: { name: string }; durationSeconds?: number; outcome?: string; direction?: string };
  return (
    <Stack gap={4}>
      {m.kind === 'location' && typeof meta.latitude === 'number' && typeof meta.longitude === 'number' && (
        <Anchor size="sm" href={`https://www.openstreetmap.org/?mlat=${meta.latitude}&mlon=${meta.longitude}#map=17/${meta.latitude}/${meta.longitude}`} target="_blank" rel="noopener noreferrer">
          📍 {t('inbox.kinds.location')}
        </Anchor>
      )}
      {m.kind === 'template' && meta.template && <Text size="xs" c="dimmed">{t('inbox.templateSent', { name: meta.template.name })}</Text>}
      {(m.kind === 'call' || m.kind === 'visit') && (
        <Text size="xs" c="dimmed" data-testid="logged-activity">
          {t(`inbox.kinds.${m.kind}`)}
          {meta.direction ? ` · ${t(`inbox.log.directions.${meta.direction}`)}` : ''}
          {typeof meta.durationSeconds === 'number' ? ` · ${Math.round(meta.durationSeconds / 60)} min` : ''}
          {meta.outcome ? ` · ${t(`inbox.log.outcomes.${meta.outcome}`)}` : ''}
        </Text>
      )}
      {m.kind === 'unsupported' && <Text size="sm" c="dimmed" fs="italic">{t('inbox.kinds.unsupported')}</Text>}
      {m.body && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Text>}
      {m.attachments.map((a) =>
        a.status !== 'ready' ? (
          <Text key={a.id} size="xs" c="dimmed">{a.status === 'pending' ? t('inbox.attachmentPending', { name: a.name }) : t('inbox.attachmentFailed', { name: a.name })}</Text>
        ) : a.contentType.startsWith('image/') && a.contentType !== 'image/svg+xml' ? (
          <Anchor key={a.id} href={a.url} target="_blank" rel="noopener">
            <Image src={a.url} alt={a.name} maw={260} mah={260} fit="contain" radius="sm" />
          </Anchor>
        ) : (
          <Anchor key={a.id} size="sm" href={a.url} download={a.name}>📎 {a.name} ({Math.max(1, Math.round(a.size / 1024))} KB)</Anchor>
        ),
      )}
      {m.direction === 'outgoing' && m.deliveryStatus && (
        <Group justify="flex-end" gap={4}>
          <Tooltip label={m.deliveryError ?? t(`inbox.delivery.${m.deliveryStatus}`)}>
            <Text size="xs" c={m.deliveryStatus === 'failed' ? 'red' : m.deliveryStatus === 'read' ? 'blue' : 'dimmed'} data-testid="delivery" data-status={m.deliveryStatus}>
              {ticks[m.deliveryStatus]} {m.deliveryStatus === 'failed' ? `${t('inbox.delivery.failed')}: ${m.deliveryError ?? ''}` : ''}
            </Text>
          </Tooltip>
        </Group>
      )}
    </Stack>
  );
}

// The running service-level clock of a conversation (first answer, next answer, resolution) as a countdown that turns
// orange near the end and red when missed; and WhatsApp's 24-hour window beside it.
import { Badge, Group, Tooltip } from '@mantine/core';
import type { Conversation } from '@atiende/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

function span(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

export function SlaBadge({
  conversation: c,
  withWindow = false,
}: {
  conversation: Conversation;
  withWindow?: boolean;
}) {
  const { t } = useTranslation();
  const now = useNow();
  // A resolved conversation has no clock running (a reopening starts one again).
  const clocks =
    c.sla && c.status !== 'resolved'
      ? (
          [
            ['first_response', c.sla.firstResponseDueAt],
            ['next_response', c.sla.nextResponseDueAt],
            ['resolution', c.sla.resolutionDueAt],
          ] as const
        ).filter((x): x is readonly ['first_response' | 'next_response' | 'resolution', string] => Boolean(x[1]))
      : [];
  const clock = clocks.sort((a, b) => Date.parse(a[1]) - Date.parse(b[1]))[0];
  const windowLeft = c.replyWindowClosesAt ? Date.parse(c.replyWindowClosesAt) - now : null;
  if (!clock && !(withWindow && windowLeft !== null)) return null;
  return (
    <Group gap={4} wrap="nowrap">
      {clock &&
        (() => {
          const left = Date.parse(clock[1]) - now;
          const missed = left < 0 || c.sla!.breached.includes(clock[0]);
          return (
            <Tooltip label={`${c.sla!.policyName}: ${t(`sla.targets.${clock[0]}`)}`}>
              <Badge
                size="xs"
                variant={missed ? 'filled' : 'light'}
                color={missed ? 'red' : left < 5 * 60_000 ? 'orange' : 'teal'}
                data-testid="sla-badge"
              >
                ⏱ {missed ? t('sla.overdue', { time: span(left) }) : t('sla.left', { time: span(left) })}
              </Badge>
            </Tooltip>
          );
        })()}
      {withWindow && windowLeft !== null && (
        <Tooltip label={t('sla.windowHelp')}>
          <Badge
            size="xs"
            variant="outline"
            color={windowLeft <= 0 ? 'gray' : windowLeft < 3_600_000 ? 'orange' : 'green'}
            data-testid="whatsapp-window"
          >
            {windowLeft <= 0 ? t('sla.windowClosed') : t('sla.windowOpen', { time: span(windowLeft) })}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}

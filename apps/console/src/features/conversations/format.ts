import type { Channel } from '@atiende/contract';
import { localeOf } from '../../locale';

export const channelColor: Record<Channel, string> = {
  webchat: 'cyan',
  whatsapp: 'green',
  email: 'blue',
  phone: 'orange',
  visit: 'grape',
};

export function timeAgo(isoDate: string, language: string): string {
  const seconds = Math.round((new Date(isoDate).getTime() - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(localeOf(language), { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}

export function clock(isoDate: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'short', timeStyle: 'short' }).format(
    new Date(isoDate),
  );
}

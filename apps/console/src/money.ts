// Amounts of money as the interface's language writes them.
import { useTranslation } from 'react-i18next';
import { localeOf } from './locale';

/** `cents`: 'always' for prices (a subscription's, as on an invoice), 'auto' when the amount has them (deals), 'never'
 *  for totals and reports. */
export function formatMoney(
  value: number,
  currency: string,
  language: string,
  cents: 'always' | 'auto' | 'never' = 'auto',
): string {
  const digits = cents === 'always' || (cents === 'auto' && value % 1) ? 2 : 0;
  try {
    return new Intl.NumberFormat(localeOf(language), {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(value);
  } catch {
    // A currency code still being typed.
    return `${value.toFixed(digits)} ${currency}`;
  }
}

/** Prices in the interface's language, cents always shown (subscriptions, renewals). */
export function useMoney() {
  const { i18n } = useTranslation();
  return (v: number, currency = 'MXN') => formatMoney(v, currency, i18n.language, 'always');
}

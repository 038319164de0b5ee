// The words of subscriptions, customer health and automation, added to the catalogue by the pages that use them so
// the console's first load does not carry them.
import { afterSalesConsoleMessages } from '@atiende/contract/i18n/after-sales-console';
import i18n from '../../i18n';

for (const language of ['en', 'es'] as const)
  i18n.addResourceBundle(language, 'translation', afterSalesConsoleMessages[language], true, false);

// The words of the sales pipeline, added to the catalogue by the pages that use them so the console's first load does
// not carry them.
import { salesConsoleMessages } from '@atiende/contract/i18n/sales-console';
import i18n from '../../i18n';

for (const language of ['en', 'es'] as const)
  i18n.addResourceBundle(language, 'translation', salesConsoleMessages[language], true, false);

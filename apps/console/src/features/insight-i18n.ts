// The words of surveys, service standards and follow-ups, added to the catalogue by the pages that use them so the
// console's first load does not carry them.
import { insightConsoleMessages } from '@atiende/contract/i18n/insight-console';
import i18n from '../i18n';

for (const language of ['en', 'es'] as const)
  i18n.addResourceBundle(language, 'translation', insightConsoleMessages[language], true, false);

// The words of projects and work orders, added to the catalogue by the pages that use them so the console's first
// load does not carry them.
import { projectsConsoleMessages } from '@atiende/contract/i18n/projects-console';
import i18n from '../../i18n';

for (const language of ['en', 'es'] as const)
  i18n.addResourceBundle(language, 'translation', projectsConsoleMessages[language], true, false);

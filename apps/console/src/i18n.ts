import { consoleMessages } from '@atiende/contract/i18n';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

const stored = localStorage.getItem('atiende.language');
const initial = stored === 'en' || stored === 'es' ? stored : navigator.language.startsWith('en') ? 'en' : 'es';

void i18n.use(initReactI18next).init({
  resources: { en: { translation: consoleMessages.en }, es: { translation: consoleMessages.es } },
  lng: initial,
  fallbackLng: 'es',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = initial;

export function setLanguage(language: 'es' | 'en'): void {
  localStorage.setItem('atiende.language', language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

export default i18n;

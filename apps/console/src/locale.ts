// The one locale of numbers, money, percentages and dates for each interface language: Mexican Spanish (1,234.5;
// 7/12/2026) or US English. Everything the console formats goes through it, so "2.2 %" sits beside "$2,341.67".
export function localeOf(language: string): 'es-MX' | 'en-US' {
  return language === 'en' ? 'en-US' : 'es-MX';
}

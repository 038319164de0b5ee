import { describe, expect, it } from 'vitest';
import {
  consoleMessages,
  errorMessages,
  leadFormMessages,
  mailMessages,
  portalMessages,
  quoteMessages,
  standardWords,
  summaryWords,
  surveyMessages,
  widgetMessages,
} from './index.js';
import { insightConsoleMessages } from './insight-console.js';
import { projectsConsoleMessages } from './projects-console.js';
import { salesConsoleMessages } from './sales-console.js';
import { afterSalesConsoleMessages } from './after-sales-console.js';
import { afterSalesWords } from './after-sales.js';
import { frameConsoleMessages } from './frame-console.js';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string' || typeof value === 'function') return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('message catalogues', () => {
  it.each([
    ['console', consoleMessages],
    ['widget', widgetMessages],
    ['errors', errorMessages],
    ['mail', mailMessages],
    ['signed-in frame (console)', frameConsoleMessages],
    ['surveys, standards and follow-ups (console)', insightConsoleMessages],
    ['sales pipeline (console)', salesConsoleMessages],
    ['projects (console)', projectsConsoleMessages],
    ['subscriptions, health and automation (console)', afterSalesConsoleMessages],
    ['renewal reminders', afterSalesWords],
    ['service standards', standardWords],
    ['weekly summary', summaryWords],
    ['survey pages', surveyMessages],
    ['lead form pages', leadFormMessages],
    ['customer portal pages', portalMessages],
    ['quote pages', quoteMessages],
  ] as const)('%s has the same keys in Spanish and English, none empty', (_name, catalogue) => {
    expect(keys(catalogue.es).sort()).toEqual(keys(catalogue.en).sort());
    for (const lang of ['es', 'en'] as const) for (const key of keys(catalogue[lang])) expect(key).not.toBe('');
  });
});

// The answer pages respondents open from their phone: plain HTML forms written by the server, no script, a few KB,
// in the respondent's language. A refused submission comes back with every answer still filled in.
import type { SurveyDefinition, SurveyQuestion } from '@atiende/contract';
import { fieldMessages, surveyMessages } from '@atiende/contract/i18n';
import { escapeHtml as e } from '../../platform/html.js';
import { shell } from '../../platform/public-page.js';
import type { AnswerErrors, RawAnswers } from './service.js';

type Lang = 'es' | 'en';
type L = { es: string; en: string };
/** A text in the reader's language, else in the other one. */
export const pick = (text: L | undefined, language: Lang) =>
  text ? text[language] || text[language === 'es' ? 'en' : 'es'] : '';

export function messagePage(
  language: Lang,
  company: string,
  kind: 'answered' | 'expired' | 'closed' | 'missing' | 'limited',
): string {
  const w = surveyMessages[language];
  return shell(
    language,
    w[`${kind}Title`],
    company,
    null,
    `<h1>${e(w[`${kind}Title`])}</h1><p>${e(w[`${kind}Body`])}</p>`,
  );
}

export function thanksPage(language: Lang, company: string, definition: SurveyDefinition): string {
  const w = surveyMessages[language];
  const text = pick(definition.thanks, language);
  return shell(
    language,
    w.thanksTitle,
    company,
    null,
    `<h1>${e(w.thanksTitle)}</h1>${text ? `<p>${e(text)}</p>` : ''}`,
  );
}

function given(values: RawAnswers, id: string): string[] {
  const v = values[id];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? (v as unknown[]) : [v]).map((x) =>
    typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? String(x) : JSON.stringify(x),
  );
}

function scaleInputs(name: string, from: number, to: number, chosen: string[], labels?: string[]): string {
  let html = '<div class="scale">';
  for (let n = from; n <= to; n++) {
    const label = labels?.[n - from];
    html += `<label><input type="radio" name="${name}" value="${n}"${chosen.includes(String(n)) ? ' checked' : ''}${label ? ` aria-label="${e(label)}"` : ''}><span>${n}</span></label>`;
  }
  return `${html}</div>`;
}

function questionHtml(q: SurveyQuestion, language: Lang, values: RawAnswers, error: string | undefined): string {
  const w = surveyMessages[language];
  const chosen = given(values, q.id);
  const name = e(q.id);
  const options = (q.options ?? []).map((o) => ({ id: o.id, label: pick(o.label, language) }));
  let input = '';
  const ends = (low: string, high: string) => `<div class="ends"><span>${e(low)}</span><span>${e(high)}</span></div>`;
  switch (q.type) {
    case 'csat':
      input = scaleInputs(name, 1, 5, chosen) + ends(w.csatLow, w.csatHigh);
      break;
    case 'nps':
      input = scaleInputs(name, 0, 10, chosen) + ends(w.npsLow, w.npsHigh);
      break;
    case 'ces':
      input = scaleInputs(name, 1, 7, chosen) + ends(w.cesLow, w.cesHigh);
      break;
    case 'likert':
    case 'single':
    case 'multiple': {
      const type = q.type === 'multiple' ? 'checkbox' : 'radio';
      input = options
        .map((o, i) => {
          const value = q.type === 'likert' ? String(i + 1) : o.id;
          return `<label class="choice"><input type="${type}" name="${name}" value="${e(value)}"${chosen.includes(value) ? ' checked' : ''}><span>${e(o.label)}</span></label>`;
        })
        .join('');
      break;
    }
    case 'yes_no':
      input = ['yes', 'no']
        .map(
          (v) =>
            `<label class="choice"><input type="radio" name="${name}" value="${v}"${chosen.includes(v) ? ' checked' : ''}><span>${v === 'yes' ? w.yes : w.no}</span></label>`,
        )
        .join('');
      break;
    case 'short_text':
      input = `<input type="text" name="${name}" maxlength="300" value="${e(chosen[0] ?? '')}" aria-label="${e(pick(q.text, language))}">`;
      break;
    case 'long_text':
      input = `<textarea name="${name}" maxlength="5000" aria-label="${e(pick(q.text, language))}">${e(chosen[0] ?? '')}</textarea>`;
      break;
  }
  const help = pick(q.help, language);
  return `<fieldset id="q-${name}"${error ? ' class="bad"' : ''}><legend>${e(pick(q.text, language))}<span class="tag">${q.required ? w.required : w.optional}</span></legend>${help ? `<p class="help">${e(help)}</p>` : ''}${input}${error ? `<p class="error">${e(fieldMessages[language][error] ?? error)}</p>` : ''}</fieldset>`;
}

export function formPage(input: {
  language: Lang;
  company: string;
  definition: SurveyDefinition;
  anonymous: boolean;
  action: string;
  langHref: string;
  values?: RawAnswers;
  errors?: AnswerErrors;
}): string {
  const { language, definition } = input;
  const w = surveyMessages[language];
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const intro = pick(definition.intro, language);
  let body = `<h1>${e(pick(definition.title, language))}</h1>${intro ? `<p class="intro">${e(intro)}</p>` : ''}${input.anonymous ? `<p class="intro">${w.anonymous}</p>` : ''}`;
  if (Object.keys(errors).length) body += `<p class="alert" role="alert">${w.errorsTitle}</p>`;
  body += `<form method="post" action="${e(input.action)}"><input type="hidden" name="_lang" value="${language}">`;
  for (const section of definition.sections) {
    const title = pick(section.title, language);
    if (title) body += `<h2>${e(title)}</h2>`;
    for (const q of section.questions) body += questionHtml(q, language, values, errors[q.id]);
  }
  body += `<button type="submit">${w.send}</button></form>`;
  return shell(language, pick(definition.title, language), input.company, input.langHref, body);
}

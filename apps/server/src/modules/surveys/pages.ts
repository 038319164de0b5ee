// The answer pages respondents open from their phone: plain HTML forms written by the server, no script, a few KB,
// in the respondent's language. A refused submission comes back with every answer still filled in.
import type { SurveyDefinition, SurveyQuestion } from '@atiende/contract';
import { fieldMessages, surveyMessages } from '@atiende/contract/i18n';
import { escapeHtml as e } from '../../platform/html.js';
import type { AnswerErrors, RawAnswers } from './service.js';

type Lang = 'es' | 'en';
type L = { es: string; en: string };
/** A text in the reader's language, else in the other one. */
export const pick = (text: L | undefined, language: Lang) => (text ? text[language] || text[language === 'es' ? 'en' : 'es'] : '');

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933;background:#f4f6f8}
main{max-width:640px;margin:0 auto;padding:16px}header{display:flex;justify-content:space-between;align-items:center;gap:8px;color:#52606d;font-size:14px}
h1{font-size:1.4rem;margin:.6em 0 .3em}h2{font-size:1.1rem;margin:1.4em 0 .4em;color:#3e4c59}.intro{color:#52606d}
fieldset{border:0;background:#fff;border-radius:10px;padding:14px 14px 10px;margin:12px 0;box-shadow:0 1px 2px #0001}
legend{font-weight:600;padding:0;float:left;width:100%;margin-bottom:8px}.help{color:#616e7c;font-size:14px;clear:both}
.tag{font-weight:400;color:#7b8794;font-size:13px;margin-left:6px}.scale{display:flex;flex-wrap:wrap;gap:6px;clear:both}
.scale label{flex:1 0 40px;min-width:40px}.scale input{position:absolute;opacity:0}.scale span{display:block;text-align:center;padding:10px 0;border:1px solid #cbd2d9;border-radius:8px;background:#fff}
.scale input:checked+span{background:#2563eb;border-color:#2563eb;color:#fff}.scale input:focus-visible+span{outline:2px solid #1d4ed8;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:13px;color:#616e7c;margin-top:4px;clear:both}
.choice{display:flex;gap:10px;align-items:flex-start;padding:8px 0;clear:both}.choice input{width:20px;height:20px;margin-top:2px}
input[type=text],textarea{width:100%;font:inherit;padding:10px;border:1px solid #cbd2d9;border-radius:8px;clear:both;display:block}textarea{min-height:110px}
.error{color:#b91c1c;font-size:14px;margin:6px 0 0;clear:both}fieldset.bad{box-shadow:0 0 0 2px #b91c1c}
.alert{background:#fee2e2;color:#7f1d1d;padding:10px 12px;border-radius:8px}
button{width:100%;font:inherit;font-weight:600;padding:14px;border:0;border-radius:10px;background:#2563eb;color:#fff;margin:12px 0 32px}
a{color:#1d4ed8}`;

/** A light public page (surveys, lead forms): the company's name, a link to the other language, the body. */
export function shell(language: Lang, title: string, company: string, langHref: string | null, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${e(title)}</title><style>${CSS}</style></head><body><main><header><span>${e(company)}</span>${langHref ? `<a href="${e(langHref)}">${surveyMessages[language].language}</a>` : ''}</header>${body}</main></body></html>`;
}

export function messagePage(language: Lang, company: string, kind: 'answered' | 'expired' | 'closed' | 'missing' | 'limited'): string {
  const w = surveyMessages[language];
  return shell(language, w[`${kind}Title`], company, null, `<h1>${e(w[`${kind}Title`])}</h1><p>${e(w[`${kind}Body`])}</p>`);
}

export function thanksPage(language: Lang, company: string, definition: SurveyDefinition): string {
  const w = surveyMessages[language];
  const text = pick(definition.thanks, language);
  return shell(language, w.thanksTitle, company, null, `<h1>${e(w.thanksTitle)}</h1>${text ? `<p>${e(text)}</p>` : ''}`);
}

function given(values: RawAnswers, id: string): string[] {
  const v = values[id];
  return v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
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
      input = ['yes', 'no'].map((v) => `<label class="choice"><input type="radio" name="${name}" value="${v}"${chosen.includes(v) ? ' checked' : ''}><span>${v === 'yes' ? w.yes : w.no}</span></label>`).join('');
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

export function formPage(input: { language: Lang; company: string; definition: SurveyDefinition; anonymous: boolean; action: string; langHref: string; values?: RawAnswers; errors?: AnswerErrors }): string {
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

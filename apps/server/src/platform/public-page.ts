// The light public pages the server writes for people outside the company (survey answers, lead forms, quotes, the
// customer portal): one shell with its inline CSS, the company's name and a link to the other language.
import { surveyMessages } from '@atiende/contract/i18n';
import { escapeHtml as e } from './html.js';

type Lang = 'es' | 'en';

const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2933;background:#f4f6f8}
main{max-width:640px;margin:0 auto;padding:16px}header{display:flex;justify-content:space-between;align-items:center;gap:8px;color:#52606d;font-size:14px}
h1{font-size:1.4rem;margin:.6em 0 .3em}h2{font-size:1.1rem;margin:1.4em 0 .4em;color:#3e4c59}.intro{color:#52606d}
fieldset{border:0;background:#fff;border-radius:10px;padding:14px 14px 10px;margin:12px 0;box-shadow:0 1px 2px #0001}
legend{font-weight:600;padding:0;float:left;width:100%;margin-bottom:8px}.help{color:#616e7c;font-size:14px;clear:both}
.tag{font-weight:400;color:#52606d;font-size:13px;margin-left:6px}.scale{display:flex;flex-wrap:wrap;gap:6px;clear:both}
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

// Articles are written in Markdown and shown as HTML that went through an allowlist: no scripts, no handlers, no
// `javascript:` links. ```mermaid blocks are process diagrams: the console draws them to SVG when the article is saved
// (readers of the help center then need no 4 MB diagram library); the SVG passes its own allowlist.
import { createHash } from 'node:crypto';
import { Marked, type Token, type Tokens } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { escapeHtml } from '../../platform/html.js';

/** The key of a diagram: the first 16 hex digits of the SHA-256 of its trimmed source (the console computes the same). */
export function diagramKey(source: string): string {
  return createHash('sha256').update(source.trim()).digest('hex').slice(0, 16);
}

/** The Mermaid sources of a Markdown body, in order. */
export function diagramSources(markdown: string): string[] {
  const sources: string[] = [];
  for (const token of new Marked().lexer(markdown)) collect(token, sources);
  return sources;
}
function collect(token: Token, into: string[]): void {
  if (token.type === 'code') {
    const code = token as Tokens.Code;
    if ((code.lang ?? '').trim().toLowerCase() === 'mermaid') into.push(code.text);
  }
  if ('tokens' in token) for (const child of token.tokens ?? []) collect(child, into);
  if (token.type === 'list') for (const item of (token as Tokens.List).items) collect(item, into);
}

const markdown = new Marked({
  gfm: true,
  renderer: {
    code(token) {
      if ((token.lang ?? '').trim().toLowerCase() !== 'mermaid') return false;
      return `<figure class="diagram" data-diagram="${diagramKey(token.text)}"></figure>\n`;
    },
  },
});

const ARTICLE_TAGS = [
  'p',
  'br',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'strong',
  'b',
  'em',
  'i',
  'del',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
  'a',
  'img',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'figure',
  'figcaption',
  'input',
  'span',
  'div',
];

function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ARTICLE_TAGS,
    allowedAttributes: {
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      figure: ['class', 'data-diagram'],
      input: ['type', 'checked', 'disabled'],
      th: ['align'],
      td: ['align'],
      code: ['class'],
      ol: ['start'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'escape',
    transformTags: {
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
      input: (tagName, attribs) =>
        attribs.type === 'checkbox'
          ? { tagName, attribs: { ...attribs, disabled: 'disabled' } }
          : { tagName: 'span', attribs: {} },
    },
    allowedClasses: { figure: ['diagram'], code: [/^language-[a-z0-9-]+$/] },
  });
}

const SVG_TAGS = [
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'defs',
  'marker',
  'style',
  'title',
  'desc',
  'clipPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'pattern',
  'use',
  'symbol',
];
const SVG_ATTRIBUTES = [
  'id',
  'class',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'd',
  'points',
  'width',
  'height',
  'viewBox',
  'preserveAspectRatio',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'dy',
  'dx',
  'markerWidth',
  'markerHeight',
  'markerUnits',
  'refX',
  'refY',
  'orient',
  'marker-start',
  'marker-end',
  'marker-mid',
  'xmlns',
  'role',
  'aria-roledescription',
  'aria-labelledby',
  'style',
  'clip-path',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'patternUnits',
  'href',
  'version',
];

/** CSS inside a drawing may style it but never fetch anything. */
function harmlessCss(css: string): string {
  return css
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\s*\([^)]*\)/gi, 'none')
    .replace(/expression\s*\(/gi, '(')
    .replace(/javascript:/gi, '');
}

export function sanitizeSvg(svg: string): string {
  const clean = sanitizeHtml(svg, {
    allowedTags: SVG_TAGS,
    allowedAttributes: { '*': SVG_ATTRIBUTES },
    // Only references inside the drawing itself ("#arrowhead"), never another document.
    allowedSchemes: [],
    allowedSchemesAppliedToAttributes: ['href'],
    parser: { lowerCaseTags: false, lowerCaseAttributeNames: false },
    allowVulnerableTags: true,
    disallowedTagsMode: 'discard',
    transformTags: {
      use: (tagName, attribs) => ({
        tagName,
        attribs: Object.fromEntries(Object.entries(attribs).filter(([k, v]) => k !== 'href' || v.startsWith('#'))),
      }),
    },
    exclusiveFilter: (frame) => frame.tag === 'style' && /<|>/.test(frame.text),
  });
  return clean
    .replace(/<style>([\s\S]*?)<\/style>/g, (_all, css: string) => `<style>${harmlessCss(css)}</style>`)
    .replace(/style="([^"]*)"/g, (_all, css: string) => `style="${harmlessCss(css)}"`);
}

/** Cleans the drawings sent with an article: only those of diagrams the body holds are kept. */
export function keptDrawings(body: string, drawings: Record<string, string>): Record<string, string> {
  const keys = new Set(diagramSources(body).map(diagramKey));
  return Object.fromEntries(
    Object.entries(drawings)
      .filter(([key, svg]) => keys.has(key) && /^\s*<svg[\s>]/.test(svg))
      .map(([key, svg]) => [key, sanitizeSvg(svg)]),
  );
}

export interface RenderOptions {
  language: 'es' | 'en';
  /** Rewrites our own file addresses, e.g. for the public help center. */
  fileUrl?: (fileId: string) => string;
}

const words = {
  es: {
    notDrawn: 'Este diagrama aún no se ha dibujado; ábrelo y guárdalo en la consola para dibujarlo.',
    diagram: 'Diagrama del proceso',
  },
  en: {
    notDrawn: 'This diagram has not been drawn yet; open and save the article in the console to draw it.',
    diagram: 'Process diagram',
  },
};

/**
 * A drawing shown as an image, not as markup of the page: CSS inside an SVG document that is an image styles only that
 * image (inline, a `<style>` restyled the whole console and help center, and CSS escapes slip past any filter), and an
 * image fetches nothing and runs nothing.
 */
function diagramImage(svg: string, language: 'es' | 'en'): string {
  const withNamespace = /^\s*<svg[^>]*\sxmlns=/.test(svg)
    ? svg
    : svg.replace(/^\s*<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  // The drawing's own size (from its viewBox), so it is neither blown up nor shrunk to a default, and fits a phone.
  const box = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(svg);
  const size = box ? ` width="${Math.round(Number(box[1]))}" height="${Math.round(Number(box[2]))}"` : '';
  return `<img class="diagram" alt="${escapeHtml(words[language].diagram)}"${size} style="max-width:100%;height:auto" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(withNamespace)}">`;
}

export function renderArticle(body: string, drawings: Record<string, string>, options: RenderOptions): string {
  let html = sanitizeArticleHtml(markdown.parse(body, { async: false }));
  if (options.fileUrl)
    html = html.replace(
      /(src|href)="\/api\/files\/([A-Za-z0-9_-]+)(?:\/[^"]*)?"/g,
      (_all, attr: string, id: string) => `${attr}="${options.fileUrl!(id)}"`,
    );
  const sources = new Map(diagramSources(body).map((s) => [diagramKey(s), s]));
  return html.replace(/<figure class="diagram" data-diagram="([a-f0-9]{16})"><\/figure>/g, (_all, key: string) => {
    const svg = drawings[key];
    if (svg) return `<figure class="diagram" data-diagram="${key}">${diagramImage(svg, options.language)}</figure>`;
    const source = sources.get(key) ?? '';
    return `<figure class="diagram" data-diagram="${key}"><pre class="diagram-source">${escapeHtml(source)}</pre><figcaption>${escapeHtml(words[options.language].notDrawn)}</figcaption></figure>`;
  });
}

/** The start of an article as plain text: for excerpts and for inserting into a reply. */
export function plainText(body: string, max = 600): string {
  const text = body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#+\s*/gm, '')
    .replace(/[*_`>|]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

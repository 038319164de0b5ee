// What an email shows: its HTML through an allowlist (no scripts, styles, forms, remote images or event handlers;
// links open outside), and the new part of its text with the quoted history cut off.
import sanitizeHtml from 'sanitize-html';

/** Larger HTML bodies are dropped (the text stays): a newsletter's markup is not worth a database row. */
export const MAX_HTML_CHARS = 200_000;
export const MAX_TEXT_CHARS = 50_000;

/**
 * Allowlist sanitising. Images keep only inline parts (cid:, rewritten to our own file URLs) so that opening a mail
 * never tells a tracker it was read; everything else is dropped with its attributes.
 */
export function sanitizeEmailHtml(html: string, inlineImages: Map<string, string> = new Map()): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'div',
      'span',
      'b',
      'strong',
      'i',
      'em',
      'u',
      's',
      'small',
      'sub',
      'sup',
      'ul',
      'ol',
      'li',
      'blockquote',
      'pre',
      'code',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
      'table',
      'thead',
      'tbody',
      'tfoot',
      'tr',
      'td',
      'th',
      'caption',
      'a',
      'img',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'target', 'rel'],
      img: ['src', 'alt', 'width', 'height'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head'],
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
      }),
      img: (tagName, attribs) => {
        const cid = /^cid:(.+)$/i.exec(attribs.src ?? '')?.[1];
        const local = cid ? inlineImages.get(cid.replace(/^<|>$/g, '')) : undefined;
        const { src: _src, ...rest } = attribs;
        return local
          ? { tagName, attribs: { ...rest, src: local } }
          : { tagName: 'span', attribs: {}, text: attribs.alt ? `[${attribs.alt}]` : '' };
      },
    },
    // Image sources are decided by the transform above (only our own file URLs remain), links by their scheme.
    allowedSchemesAppliedToAttributes: ['href'],
  });
}

/** Lines that open the quoted history in the common mail clients, in Spanish and English. */
const QUOTE_HEADERS = [
  /^On .{4,200} wrote:$/i,
  /^El .{4,200} escribió:$/i,
  /^-{2,}\s*(Original Message|Mensaje original)\s*-{2,}$/i,
  /^_{10,}$/,
  /^(From|De):\s.+$/,
];

/** A forward: what follows the marker is what the customer wants us to read, not history to fold away. */
const FORWARD_SUBJECT = /^\s*((fwd?|rv|tr|wg|reenv(iado|io)?)\s*:)/i;
const FORWARD_MARKERS = [
  /^-{2,}\s*(Forwarded message|Mensaje reenviado|Message transféré)\s*-{2,}$/i,
  /^(Begin forwarded message|Inicio del mensaje reenviado):$/i,
];

/**
 * The part of a reply the customer wrote now, and the quoted history after it (kept, shown on request). A forward is
 * never folded. The whole text is the body when nothing looks quoted or nothing would be left.
 */
export function newPartOf(text: string, subject = ''): { body: string; quoted: string | null } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (FORWARD_SUBJECT.test(subject) || lines.some((line) => FORWARD_MARKERS.some((re) => re.test(line.trim()))))
    return { body: text.trim(), quoted: null };
  let cut = lines.findIndex((line, i) => i > 0 && QUOTE_HEADERS.some((re) => re.test(line.trim())));
  if (cut === -1) {
    // A reply whose quote is only '>' lines at the end.
    let end = lines.length;
    while (end > 0 && (lines[end - 1]!.startsWith('>') || lines[end - 1]!.trim() === '')) end--;
    cut = end < lines.length && lines.slice(end).some((l) => l.startsWith('>')) ? end : -1;
  }
  if (cut === -1) return { body: text.trim(), quoted: null };
  const body = lines.slice(0, cut).join('\n').trim();
  const quoted = lines.slice(cut).join('\n').trim();
  return body ? { body, quoted: quoted || null } : { body: text.trim(), quoted: null };
}

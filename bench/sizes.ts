// Bytes a browser downloads: the widget script and the console's first load (JS referenced by index.html), gzipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function sizes() {
  const widget = readFileSync(join(root, 'apps/widget/dist/widget.js'));
  const index = readFileSync(join(root, 'apps/console/dist/index.html'), 'utf8');
  const scripts = [...index.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  let consoleRaw = 0;
  let consoleGzip = 0;
  for (const src of scripts) {
    const file = readFileSync(join(root, 'apps/console/dist', src));
    consoleRaw += file.length;
    consoleGzip += gzipSync(file, { level: 9 }).length;
  }
  const css = [...index.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) =>
    readFileSync(join(root, 'apps/console/dist', m[1]!)),
  );
  const cssGzip = css.reduce((sum, f) => sum + gzipSync(f, { level: 9 }).length, 0);
  return {
    widget: { raw: kb(widget.length), gzip: kb(gzipSync(widget, { level: 9 }).length) },
    console: { files: scripts.length, raw: kb(consoleRaw), gzip: kb(consoleGzip), cssGzip: kb(cssGzip) },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(sizes(), null, 2));

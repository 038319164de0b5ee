// No import circles: every relative import of the server, the console, the widget and the contract (type-only imports
// aside, as they vanish when compiled) is followed, and any circle fails `npm test` with the files it goes through.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const trees = ['apps/server/src', 'apps/console/src', 'apps/widget/src', 'packages/contract/src'];

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : filesUnder(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in the sources; a folder is its index). */
function target(from, specifier) {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* next */
    }
  }
  return null;
}

const runtimeImport = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;
const edges = new Map();
for (const tree of trees) {
  for (const file of filesUnder(join(root, tree))) {
    const text = readFileSync(file, 'utf8');
    const to = new Set();
    for (const match of text.matchAll(runtimeImport)) {
      const found = target(file, match[1]);
      if (found) to.add(found);
    }
    edges.set(file, to);
  }
}

// Tarjan's strongly connected components: a component of more than one file is a circle.
let index = 0;
const order = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const circles = [];
function visit(v) {
  order.set(v, index);
  low.set(v, index++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v) ?? []) {
    if (!order.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), order.get(w)));
  }
  if (low.get(v) === order.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) circles.push(component);
  }
}
for (const file of edges.keys()) if (!order.has(file)) visit(file);

if (circles.length) {
  console.error(`Import circles (${circles.length}):`);
  for (const circle of circles)
    console.error(
      `  ${circle
        .map((f) => relative(root, f))
        .sort()
        .join('  ↔  ')}`,
    );
  process.exit(1);
}
console.log(`imports: ${edges.size} files, no circles`);

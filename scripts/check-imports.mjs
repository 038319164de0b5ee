// No import circles: every relative import of the server, the console, the widget and the contract (type-only imports
// aside, as they vanish when compiled) is followed, and any circle fails `npm test` with the files it goes through.
// The server's modules also keep to their layers: a module reaches another only through its public face
// (modules/<m>/index.ts), app.ts alone reads descriptors (module.ts), platform/ and db/ know no module, and the
// arrows between modules (type-only ones too) run one way: no two modules depend on each other, even by a detour.
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
const anyImport = /^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;
const serverModules = join(root, 'apps/server/src/modules');
const moduleOf = (file) => {
  const rel = relative(serverModules, file);
  return rel.startsWith('..') ? null : rel.split('/')[0];
};
const layerProblems = [];
const moduleEdges = new Map();
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
    for (const match of text.matchAll(anyImport)) {
      const found = target(file, match[1]);
      if (found) checkLayer(file, found);
    }
  }
}

function checkLayer(file, found) {
  const from = moduleOf(file);
  const to = moduleOf(found);
  if (to === null || from === to) return;
  const rel = relative(join(serverModules, to), found);
  const where = relative(root, file);
  if (from === null) {
    const top = ['apps/server/src/app.ts', 'apps/server/src/main.ts'].includes(where);
    if (!top) layerProblems.push(`${where} imports ${relative(root, found)}: platform/ and db/ know no module`);
    else if (rel !== 'index.ts' && !/(^|\/)module\.ts$/.test(rel))
      layerProblems.push(`${where} imports ${relative(root, found)}: only a module's index.ts or module.ts`);
    return;
  }
  if (rel !== 'index.ts')
    layerProblems.push(`${where} imports ${relative(root, found)}: another module only through modules/${to}/index.ts`);
  if (!moduleEdges.has(from)) moduleEdges.set(from, new Set());
  moduleEdges.get(from).add(to);
}

// Modules depend on each other one way only: a path back from any module it reaches is a circle of modules.
function moduleCircle() {
  const state = new Map();
  const path = [];
  const walk = (m) => {
    state.set(m, 'open');
    path.push(m);
    for (const n of moduleEdges.get(m) ?? []) {
      if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
      if (!state.has(n)) {
        const found = walk(n);
        if (found) return found;
      }
    }
    path.pop();
    state.set(m, 'done');
    return null;
  };
  for (const m of moduleEdges.keys())
    if (!state.has(m)) {
      const found = walk(m);
      if (found) return found;
    }
  return null;
}
const circleOfModules = moduleCircle();
if (circleOfModules) layerProblems.push(`modules depend on each other: ${circleOfModules.join(' → ')}`);
if (layerProblems.length) {
  console.error(`Module layers (${layerProblems.length}):`);
  for (const problem of layerProblems) console.error(`  ${problem}`);
  process.exit(1);
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
const arrows = [...moduleEdges.values()].reduce((n, to) => n + to.size, 0);
console.log(
  `imports: ${edges.size} files, no circles; ${moduleEdges.size} modules reach others by ${arrows} arrows, one way`,
);

// Drawing process diagrams: Mermaid (4 MB) loads only when an article has a diagram. Labels are drawn as SVG text,
// not HTML, so the drawing passes the server's SVG allowlist and the help center shows it without any script.
type Mermaid = typeof import('mermaid').default;
let loading: Promise<Mermaid> | null = null;

function mermaid(): Promise<Mermaid> {
  loading ??= import('mermaid').then((m) => {
    m.default.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      htmlLabels: false,
      flowchart: { htmlLabels: false },
      theme: 'neutral',
    });
    return m.default;
  });
  return loading;
}

let counter = 0;

/** SVG of each diagram, by key; a diagram that does not parse gives its error instead. */
export async function drawDiagrams(
  diagrams: { key: string; source: string }[],
): Promise<{ drawings: Record<string, string>; errors: { key: string; message: string }[] }> {
  const drawings: Record<string, string> = {};
  const errors: { key: string; message: string }[] = [];
  if (!diagrams.length) return { drawings, errors };
  const m = await mermaid();
  for (const d of diagrams) {
    try {
      await m.parse(d.source);
      const { svg } = await m.render(`atiende-diagram-${++counter}`, d.source);
      drawings[d.key] = svg;
    } catch (e) {
      errors.push({ key: d.key, message: e instanceof Error ? e.message : String(e) });
      // Mermaid leaves its error drawing in the page; it is not ours to show there.
      document.querySelectorAll(`[id^="datiende-diagram-"]`).forEach((n) => n.remove());
    }
  }
  return { drawings, errors };
}

import type { Edge, Unit } from './summary';

/** Fill and border per kind of node; violating edges are red. */
const STYLE: Record<Unit['kind'], string> = {
  module: 'fillcolor="#dbeafe", color="#1d4ed8"',
  layer: 'fillcolor="#dbeafe", color="#1d4ed8"',
  shared: 'fillcolor="#dcfce7", color="#15803d"',
  platform: 'fillcolor="#e2e8f0", color="#334155"',
  root: 'fillcolor="#ffffff", color="#64748b", style="rounded,dashed,filled"',
};
export const VIOLATION_COLOR = '#dc2626';

const quote = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * A DOT digraph of units and counted edges: composition root on top, shared and platform at the bottom.
 * Layer nodes (`wallet/domain`) are drawn inside a box named after their module; other units around it.
 */
export function toDot(nodes: Unit[], edges: Edge[]): string {
  const lines = [
    'digraph boundaries {',
    '  graph [rankdir=TB, bgcolor="transparent", nodesep=0.4, ranksep=0.7, fontname="Helvetica", fontsize=13];',
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, margin="0.2,0.08"];',
    '  edge [fontname="Helvetica", fontsize=10, color="#64748b", fontcolor="#334155", arrowsize=0.7];',
  ];
  const layers = nodes.filter((unit) => unit.kind === 'layer');
  if (layers.length > 0) {
    const module = layers[0].id.split('/')[0];
    lines.push(
      `  subgraph cluster_module { label=${quote(module)}; style="rounded"; color="#1d4ed8"; fontcolor="#1d4ed8";`,
    );
    for (const unit of layers)
      lines.push(`    ${quote(unit.id)} [label=${quote(unit.id.slice(module.length + 1))}, ${STYLE.layer}];`);
    lines.push('  }');
  }
  const outsiderStyle = 'fillcolor="#f8fafc", color="#94a3b8", fontcolor="#475569"';
  for (const unit of nodes.filter((candidate) => candidate.kind !== 'layer')) {
    lines.push(
      `  ${quote(unit.id)} [label=${quote(unit.id)}, ${layers.length > 0 ? outsiderStyle : STYLE[unit.kind]}];`,
    );
  }
  const bottom = nodes.filter((unit) => unit.kind === 'shared' || unit.kind === 'platform');
  if (bottom.length > 0) lines.push(`  { rank=sink; ${bottom.map((unit) => quote(unit.id)).join('; ')}; }`);
  const top = nodes.filter((unit) => unit.kind === 'root');
  if (top.length > 0) lines.push(`  { rank=source; ${top.map((unit) => quote(unit.id)).join('; ')}; }`);
  for (const edge of edges) {
    const red = edge.violating ? `, color="${VIOLATION_COLOR}", fontcolor="${VIOLATION_COLOR}", penwidth=2` : '';
    const tip = `${edge.from} → ${edge.to}: ${edge.count} import${edge.count === 1 ? '' : 's'}${edge.violating ? ' (violates a rule)' : ''}`;
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(String(edge.count))}, tooltip=${quote(tip)}${red}];`,
    );
  }
  lines.push('}');
  return lines.join('\n');
}

/** Renders DOT to an SVG element that can be inlined in HTML (no XML prolog, no doctype), with WASM graphviz. */
export async function renderSvg(dot: string): Promise<string> {
  // @hpcc-js/wasm-graphviz is an ES module; this repository compiles to CommonJS, hence import().
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  const svg = graphviz.dot(dot, 'svg');
  return svg.slice(svg.indexOf('<svg'));
}

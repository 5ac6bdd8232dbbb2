import type { ICruiseResult, IForbiddenRuleType } from 'dependency-cruiser';
import type { ModuleView } from '../../src/platform/messaging/module-view';

/** What the report shows, and what reports/boundaries/result.json holds. */
export interface BoundarySummary {
  generatedAt: string;
  passed: boolean;
  totals: { cruised: number; dependencies: number; violations: number; errors: number; warnings: number };
  /** Top-level units: every module under src/modules, plus platform, shared and the composition root. */
  units: Unit[];
  edges: Edge[];
  /** Per module: its layers, and what each layer depends on. */
  layerGraphs: { module: string; nodes: Unit[]; edges: Edge[] }[];
  rules: RuleResult[];
  /** Each module's face, from its declaration: events, commands, queries, schema, settings, personal data, extraction verdict. */
  modules: ModuleView[];
}
export interface Unit {
  id: string;
  kind: 'module' | 'platform' | 'shared' | 'root' | 'layer';
}
export interface Edge {
  from: string;
  to: string;
  /** Number of file-to-file imports behind this edge. */
  count: number;
  violating: boolean;
}
export interface RuleResult {
  name: string;
  severity: string;
  comment: string;
  violations: { from: string; to: string; cycle?: string[] }[];
}

const COMPOSITION_ROOT = 'composition root';

/** The top-level unit a file belongs to, or undefined for packages, core modules and the unresolvable. */
export function unitOf(path: string): Unit | undefined {
  const moduleName = /^src\/modules\/([^/]+)\//.exec(path)?.[1];
  if (moduleName) return { id: moduleName, kind: 'module' };
  if (path.startsWith('src/platform/')) return { id: 'platform', kind: 'platform' };
  if (path.startsWith('src/shared/')) return { id: 'shared', kind: 'shared' };
  if (path.startsWith('src/')) return { id: COMPOSITION_ROOT, kind: 'root' };
  return undefined;
}

/** Inside `module` a file is shown as its layer (`wallet/domain`); outside it as its top-level unit. */
function layerOf(module: string, path: string): Unit | undefined {
  const unit = unitOf(path);
  if (unit?.kind !== 'module' || unit.id !== module) return unit;
  // src/modules/<module>/<folder>/... is drawn as that folder (a layer); a file at the module's root as its entry
  const segments = path.split('/');
  return { id: `${module}/${segments.length > 4 ? segments[3] : 'module entry'}`, kind: 'layer' };
}

/** Collapses file-level dependencies onto units, counting them; an edge is red if any of its imports breaks a rule. */
function collapse(
  result: ICruiseResult,
  nodeOf: (path: string) => Unit | undefined,
  include = (_from: string) => true,
) {
  const nodes = new Map<string, Unit>();
  const edges = new Map<string, Edge>();
  for (const file of result.modules) {
    const from = nodeOf(file.source);
    if (!from || !include(file.source)) continue;
    nodes.set(from.id, from);
    for (const dependency of file.dependencies) {
      const to = nodeOf(dependency.resolved);
      if (!to || to.id === from.id) continue;
      nodes.set(to.id, to);
      const key = `${from.id}\u0000${to.id}`;
      const edge = edges.get(key) ?? { from: from.id, to: to.id, count: 0, violating: false };
      edge.count += 1;
      edge.violating ||= !dependency.valid;
      edges.set(key, edge);
    }
  }
  return { nodes, edges: [...edges.values()] };
}

export function summarize(
  result: ICruiseResult,
  rules: IForbiddenRuleType[],
  moduleViews: ModuleView[],
  now = new Date(),
): BoundarySummary {
  const { summary } = result;
  const top = collapse(result, unitOf);
  // platform and shared are always drawn, even before they hold any file
  top.nodes.set('platform', { id: 'platform', kind: 'platform' });
  top.nodes.set('shared', { id: 'shared', kind: 'shared' });
  const modules = [...top.nodes.values()].filter((unit) => unit.kind === 'module').map((unit) => unit.id);

  const layerGraphs = modules.sort().map((module) => {
    const graph = collapse(
      result,
      (path) => layerOf(module, path),
      (path) => unitOf(path)?.id === module,
    );
    return { module, nodes: [...graph.nodes.values()], edges: graph.edges };
  });

  const ruleResults: RuleResult[] = rules.map((rule) => ({
    name: rule.name ?? '(unnamed)',
    severity: rule.severity ?? 'warn',
    comment: rule.comment ?? '',
    violations: [],
  }));
  for (const violation of summary.violations) {
    let rule = ruleResults.find((candidate) => candidate.name === violation.rule.name);
    if (!rule) {
      rule = { name: violation.rule.name, severity: violation.rule.severity, comment: '', violations: [] };
      ruleResults.push(rule);
    }
    rule.violations.push({
      from: violation.from,
      to: violation.to,
      ...(violation.cycle ? { cycle: [violation.from, ...violation.cycle.map((step) => step.name)] } : {}),
    });
  }

  const order = { root: 0, module: 1, shared: 2, platform: 3, layer: 4 };
  return {
    generatedAt: now.toISOString(),
    passed: summary.violations.length === 0,
    totals: {
      cruised: summary.totalCruised,
      dependencies: summary.totalDependenciesCruised ?? 0,
      violations: summary.violations.length,
      errors: summary.error,
      warnings: summary.warn,
    },
    units: [...top.nodes.values()].sort((a, b) => order[a.kind] - order[b.kind] || a.id.localeCompare(b.id)),
    edges: top.edges,
    layerGraphs,
    rules: ruleResults,
    modules: moduleViews,
  };
}

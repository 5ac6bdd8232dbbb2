/**
 * Architects' report on the code boundaries: `npm run boundaries:report`.
 *
 * Cruises src/ with the rules of .dependency-cruiser.js and writes
 *   reports/boundaries/index.html   module graph, layer graphs, each module's declared face (events, commands,
 *                                   queries, schema, settings, personal data, extraction verdict), every rule
 *                                   with its rationale and result
 *   reports/boundaries/result.json  the same summary as data
 * Exits 1 (after writing both) when any rule is violated.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { cruiseBoundaries, REPO_ROOT } from './boundaries/cruise';
import { renderSvg, toDot } from './boundaries/graph';
import { renderHtml, summaryLine } from './boundaries/html';
import { summarize } from './boundaries/summary';
import { MODULE_CONTRACT_LIST } from '../src/module-contracts';
import { describeModules } from '../src/platform/messaging/module-view';

const OUTPUT_DIR = resolve(REPO_ROOT, 'reports/boundaries');

async function main(): Promise<void> {
  const { result, rules } = await cruiseBoundaries({ baseDir: REPO_ROOT, targets: ['src'] });
  const summary = summarize(result, rules, describeModules(MODULE_CONTRACT_LIST));

  const moduleSvg = await renderSvg(toDot(summary.units, summary.edges));
  const layerSvgs = [];
  for (const graph of summary.layerGraphs) {
    layerSvgs.push({ module: graph.module, svg: await renderSvg(toDot(graph.nodes, graph.edges)) });
  }

  await mkdir(OUTPUT_DIR, { recursive: true });
  const htmlFile = resolve(OUTPUT_DIR, 'index.html');
  await writeFile(htmlFile, renderHtml(summary, moduleSvg, layerSvgs));
  await writeFile(resolve(OUTPUT_DIR, 'result.json'), `${JSON.stringify(summary, null, 2)}\n`);

  console.log(summaryLine(summary));
  for (const rule of summary.rules) {
    for (const violation of rule.violations) console.log(`  ${rule.name}: ${violation.from} → ${violation.to}`);
  }
  console.log(`Report: ${relative(process.cwd(), htmlFile) || htmlFile}`);
  if (!summary.passed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});

import { renderModules } from './modules-html';
import type { BoundarySummary, RuleResult } from './summary';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function summaryLine(summary: BoundarySummary): string {
  const { totals } = summary;
  const verdict = summary.passed
    ? 'PASS: no boundary violations'
    : `FAIL: ${totals.violations} boundary violation${totals.violations === 1 ? '' : 's'}`;
  return `${verdict} (${summary.rules.length} rules; ${totals.cruised} files and packages, ${totals.dependencies} dependencies cruised)`;
}

function ruleRow(rule: RuleResult): string {
  const result =
    rule.violations.length === 0
      ? '<span class="pass">pass</span>'
      : `<span class="fail">${rule.violations.length} violation${rule.violations.length === 1 ? '' : 's'}</span><ul>${rule.violations
          .map(
            (violation) =>
              `<li><code>${escape((violation.cycle ?? [violation.from, violation.to]).join(' → '))}</code></li>`,
          )
          .join('')}</ul>`;
  return `<tr><td><code>${escape(rule.name)}</code><br><small>${escape(rule.severity)}</small></td><td>${escape(rule.comment)}</td><td>${result}</td></tr>`;
}

const STYLE = `
  body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #0f172a; margin: 0; background: #f8fafc; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
  h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 36px 0 8px; } h3 { font-size: 16px; margin: 20px 0 4px; }
  .verdict { font-size: 17px; font-weight: 600; padding: 10px 14px; border-radius: 8px; margin: 12px 0 4px; }
  .verdict.ok { background: #dcfce7; color: #166534; } .verdict.ko { background: #fee2e2; color: #991b1b; }
  .meta, small, .legend { color: #475569; }
  figure { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 16px; margin: 8px 0; overflow-x: auto; text-align: center; }
  figure svg { max-width: 100%; height: auto; }
  .legend span { display: inline-block; margin-right: 18px; } .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; vertical-align: -1px; margin-right: 5px; border: 1px solid; }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #e2e8f0; }
  th, td { text-align: left; vertical-align: top; padding: 8px 12px; border-bottom: 1px solid #e2e8f0; }
  th { background: #f1f5f9; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #334155; }
  td:first-child { white-space: nowrap; } ul { margin: 4px 0 0; padding-left: 18px; } code { font-size: 13px; }
  .pass { color: #166534; font-weight: 600; } .fail { color: #b91c1c; font-weight: 600; }
`;

const LEGEND = `<p class="legend">
  <span><i class="swatch" style="background:#dbeafe;border-color:#1d4ed8"></i>module</span>
  <span><i class="swatch" style="background:#dcfce7;border-color:#15803d"></i>shared</span>
  <span><i class="swatch" style="background:#e2e8f0;border-color:#334155"></i>platform</span>
  <span><i class="swatch" style="background:#fff;border-color:#64748b;border-style:dashed"></i>composition root</span>
  <span><i class="swatch" style="background:#dc2626;border-color:#dc2626"></i>edge that breaks a rule</span>
  Edge labels count the file-to-file imports behind each arrow.</p>`;

/** The whole report: one self-contained page (inline CSS and SVG, no scripts, no external assets). */
export function renderHtml(
  summary: BoundarySummary,
  moduleSvg: string,
  layerSvgs: { module: string; svg: string }[],
): string {
  const date = summary.generatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const layers =
    layerSvgs.length === 0
      ? '<p class="meta">No module under <code>src/modules</code> yet.</p>'
      : layerSvgs.map(({ module, svg }) => `<h3>${escape(module)}</h3><figure>${svg}</figure>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Code boundaries: ${summary.passed ? 'pass' : 'FAIL'}</title>
<style>${STYLE}</style>
</head>
<body><main>
<h1>Code boundaries</h1>
<p class="meta">Generated ${escape(date)} from <code>src/</code> with the rules of <code>.dependency-cruiser.js</code> (<code>npm run boundaries:report</code>).</p>
<p class="verdict ${summary.passed ? 'ok' : 'ko'}">${escape(summaryLine(summary))}</p>

<h2>Module graph</h2>
<p>Each module under <code>src/modules</code>, with <code>platform</code>, <code>shared</code> and the composition root (<code>main.ts</code>, <code>app.module.ts</code>). A module may depend on <code>shared</code> and <code>platform</code>, never on another module.</p>
${LEGEND}
<figure>${moduleSvg}</figure>

<h2>Layers inside each module</h2>
<p>What each layer (<code>api</code>, <code>application</code>, <code>domain</code>, <code>infrastructure</code>, and the <code>*.module.ts</code> entry) depends on, inside and outside its module.</p>
${layers}

${renderModules(summary.modules)}

<h2>Rules</h2>
<table>
<thead><tr><th>Rule</th><th>Why it exists</th><th>Result</th></tr></thead>
<tbody>
${summary.rules.map(ruleRow).join('\n')}
</tbody>
</table>
</main></body>
</html>
`;
}

import { FileFindings } from './finding-sink';
import { scanHtml } from './html/scan-html';
import { scanJavaScript } from './javascript/scan-javascript';
import { DeclaredOrigins } from './origins';
import { inspectCssResources } from './rules/external-resources';
import type { Finding, ScanInput, ScanResult } from './scan-types';

const JAVASCRIPT_FILE = /\.(?:js|mjs)$/i;
const MODULE_FILE = /\.mjs$/i;
const HTML_FILE = /\.html?$/i;
const CSS_FILE = /\.css$/i;

/**
 * Statically scans a mini-app bundle: every .js/.mjs file, every inline script, handler and
 * javascript: URL of its HTML, and what the HTML and CSS load from outside the manifest's domains.
 * Pure: no I/O, the files are given in memory.
 */
export function scanBundle(input: ScanInput): ScanResult {
  const origins = new DeclaredOrigins(input.domains);
  const usedScopes = new Set<string>();
  const findings: Finding[] = [];
  for (const file of input.files) {
    const fileFindings = new FileFindings(file.path, file.content);
    if (JAVASCRIPT_FILE.test(file.path)) {
      const isModule = MODULE_FILE.test(file.path);
      scanJavaScript(
        { code: file.content, goal: isModule ? 'module' : 'script', mayBeModule: !isModule },
        { reporter: fileFindings, origins, usedScopes },
      );
    } else if (HTML_FILE.test(file.path)) {
      scanHtml(file.content, fileFindings, { origins, usedScopes });
    } else if (CSS_FILE.test(file.path)) {
      inspectCssResources(file.content, (index) => index, { reporter: fileFindings, origins });
    }
    findings.push(...fileFindings.toFindings());
  }
  findings.sort(byPlace);
  return { findings, usedScopes: [...usedScopes].sort() };
}

/** One result for a bundle scanned in parts (each part a set of whole files): as if scanned at once. */
export function mergeScanResults(parts: readonly ScanResult[]): ScanResult {
  const findings = parts.flatMap((part) => part.findings).sort(byPlace);
  return { findings, usedScopes: [...new Set(parts.flatMap((part) => part.usedScopes))].sort() };
}

function byPlace(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

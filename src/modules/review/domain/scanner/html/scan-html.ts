import type { EmbeddingReporter } from '../finding-sink';
import type { ScriptGoal } from '../javascript/parse-javascript';
import { scanJavaScript } from '../javascript/scan-javascript';
import type { DeclaredOrigins } from '../origins';
import { inspectCssResources, inspectElementResources, inspectImportMap } from '../rules/external-resources';
import { type HtmlAttribute, type HtmlElement, readHtml } from './html-document';

const CLASSIC_SCRIPT_TYPES: ReadonlySet<string> = new Set([
  '',
  'text/javascript',
  'application/javascript',
  'text/ecmascript',
  'application/ecmascript',
  'application/x-javascript',
  'application/x-ecmascript',
  'text/x-javascript',
  'text/x-ecmascript',
  'text/jscript',
  'text/livescript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
]);
/** Attributes whose value is a URL, where `javascript:` makes it code. */
const URL_ATTRIBUTES: ReadonlySet<string> = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'data',
  'xlink:href',
  'poster',
]);
const JAVASCRIPT_URL = /^javascript:/i;

export interface HtmlScanContext {
  readonly origins: DeclaredOrigins;
  readonly usedScopes: Set<string>;
}

/** Scans HTML: inline scripts, event handler attributes, javascript: URLs, frames' srcdoc, and what it loads. */
export function scanHtml(html: string, findings: EmbeddingReporter, context: HtmlScanContext): void {
  const resources = { reporter: findings, origins: context.origins };
  for (const element of readHtml(html)) {
    inspectElementResources(element, resources);
    for (const attribute of element.attributes) scanAttributeCode(attribute, findings, context);
    const text = element.text;
    if (!text) continue;
    if (element.name === 'script' && !hasSource(element)) {
      const type = (attributeValue(element, 'type') ?? '').trim().toLowerCase();
      if (type === 'importmap') inspectImportMap(text.content, (index) => text.start + index, resources);
      const goal: ScriptGoal | null = type === 'module' ? 'module' : CLASSIC_SCRIPT_TYPES.has(type) ? 'script' : null;
      if (goal) scanCode(text.content, goal, findings.shifted(text.start), context);
    } else if (element.name === 'style') {
      inspectCssResources(text.content, (index) => text.start + index, resources);
    }
  }
}

/** onclick="…", href="javascript:…", srcdoc="…", style="…url(…)": code and loads hidden in attributes. */
function scanAttributeCode(attribute: HtmlAttribute, findings: EmbeddingReporter, context: HtmlScanContext): void {
  // Decoding character references moves offsets; findings in decoded text then point at the attribute.
  const exact = attribute.value === attribute.rawValue;
  const inValue = exact ? findings.shifted(attribute.valueStart) : findings.pinnedTo(attribute.valueStart);
  if (attribute.name.length > 2 && attribute.name.startsWith('on')) {
    scanCode(attribute.value, 'handler', inValue, context);
  } else if (attribute.name === 'srcdoc') {
    // A frame's document given inline is HTML like any other.
    scanHtml(attribute.value, inValue, context);
  } else if (URL_ATTRIBUTES.has(attribute.name)) {
    // Browsers drop tabs and newlines anywhere in a URL and spaces around it.
    const url = attribute.value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
    if (JAVASCRIPT_URL.test(url))
      scanCode(
        percentDecoded(url.slice('javascript:'.length)),
        'script',
        findings.pinnedTo(attribute.valueStart),
        context,
      );
  } else if (attribute.name === 'style') {
    inspectCssResources(attribute.value, (index) => index, { reporter: inValue, origins: context.origins });
  }
}

function scanCode(code: string, goal: ScriptGoal, reporter: EmbeddingReporter, context: HtmlScanContext): void {
  scanJavaScript(
    { code, goal, mayBeModule: false },
    { reporter, origins: context.origins, usedScopes: context.usedScopes },
  );
}

function hasSource(element: HtmlElement): boolean {
  return element.attributes.some(
    (attribute) => attribute.name === 'src' || attribute.name === 'href' || attribute.name === 'xlink:href',
  );
}

function attributeValue(element: HtmlElement, name: string): string | null {
  return element.attributes.find((attribute) => attribute.name === name)?.value ?? null;
}

/** Percent-decodes each run of valid escapes, as a browser does with the code of a javascript: URL. */
function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

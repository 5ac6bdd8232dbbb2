import type { FindingReporter } from '../finding-sink';
import type { HtmlAttribute, HtmlElement } from '../html/html-document';
import type { DeclaredOrigins } from '../origins';
import { resolveUrl } from './remote-urls';

/** Attributes that make the page load something, per element. */
const RESOURCE_ATTRIBUTES: ReadonlyMap<string, readonly string[]> = new Map([
  ['script', ['src', 'href', 'xlink:href']],
  ['iframe', ['src']],
  ['frame', ['src']],
  ['embed', ['src']],
  ['object', ['data']],
  ['link', ['href']],
  ['img', ['src', 'srcset']],
  ['source', ['src', 'srcset']],
  ['video', ['src', 'poster']],
  ['audio', ['src']],
  ['track', ['src']],
  ['input', ['src', 'formaction']],
  ['button', ['formaction']],
  ['form', ['action']],
  ['base', ['href']],
  ['image', ['href', 'xlink:href']],
  ['use', ['href', 'xlink:href']],
]);

/** Elements whose resource is code or a document: a data: or blob: URL there is code the scanner cannot see. */
const LOADS_CODE: ReadonlySet<string> = new Set(['script', 'iframe', 'frame', 'embed', 'object']);

const CSS_URL = /url\(\s*(['"]?)([^'")\s]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/gi;
const META_REFRESH_URL = /url\s*=\s*['"]?([^'"\s]+)/i;

export interface ResourceContext {
  readonly reporter: FindingReporter;
  readonly origins: DeclaredOrigins;
}

// Whatever the page loads from outside the manifest's domains runs, frames or tracks outside review.
export function inspectElementResources(element: HtmlElement, { reporter, origins }: ResourceContext): void {
  const watched = RESOURCE_ATTRIBUTES.get(element.name);
  for (const attribute of element.attributes) {
    if (watched?.includes(attribute.name)) {
      for (const url of urlsOf(attribute))
        checkUrl(
          url,
          `<${element.name} ${attribute.name}>`,
          LOADS_CODE.has(element.name),
          attribute.valueStart,
          reporter,
          origins,
        );
    } else if (element.name === 'meta' && attribute.name === 'content' && isRefresh(element)) {
      const url = META_REFRESH_URL.exec(attribute.value)?.[1];
      if (url) checkUrl(url, '<meta http-equiv="refresh">', false, attribute.valueStart, reporter, origins);
    }
  }
}

/** url(…) and @import in a stylesheet, a <style> element or a style attribute. */
export function inspectCssResources(
  css: string,
  offsetOf: (index: number) => number,
  { reporter, origins }: ResourceContext,
): void {
  for (const match of css.matchAll(CSS_URL)) {
    const url = match[2] ?? match[4];
    if (url) checkUrl(url, 'CSS', false, offsetOf(match.index ?? 0), reporter, origins);
  }
}

/** The URLs an import map points modules to. */
export function inspectImportMap(
  json: string,
  offsetOf: (index: number) => number,
  { reporter, origins }: ResourceContext,
): void {
  for (const match of json.matchAll(/"([^"\\]*(?:\\.[^"\\]*)*)"/g)) {
    const text = match[1];
    if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(text))
      checkUrl(text, '<script type="importmap">', true, offsetOf(match.index ?? 0), reporter, origins);
  }
}

function checkUrl(
  url: string,
  where: string,
  loadsCode: boolean,
  offset: number,
  reporter: FindingReporter,
  origins: DeclaredOrigins,
): void {
  const resolved = resolveUrl(url);
  if (resolved.kind === 'http' && !origins.includes(resolved.origin)) {
    reporter.report(
      'external-resource',
      offset,
      `${where} loads from ${resolved.origin}, which is not among the manifest's domains`,
    );
  } else if (resolved.kind === 'other' && loadsCode && (resolved.scheme === 'data' || resolved.scheme === 'blob')) {
    reporter.report(
      'external-resource',
      offset,
      `${where} loads a ${resolved.scheme}: URL, content the scanner cannot check`,
    );
  }
}

function urlsOf(attribute: HtmlAttribute): string[] {
  if (attribute.name !== 'srcset') return [attribute.value];
  return attribute.value
    .split(',')
    .map((candidate) => candidate.trim().split(/\s+/)[0])
    .filter((url): url is string => Boolean(url));
}

function isRefresh(element: HtmlElement): boolean {
  return element.attributes.some(
    (attribute) => attribute.name === 'http-equiv' && attribute.value.trim().toLowerCase() === 'refresh',
  );
}

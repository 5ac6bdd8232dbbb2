import type { JavaScriptRule } from '../javascript/javascript-rule';
import { startOf } from '../javascript/syntax';
import { httpOriginOf } from '../origins';

/** XML namespace names look like URLs but are never fetched (document.createElementNS and the like). */
const NAMESPACE_NAMES: ReadonlySet<string> = new Set([
  'http://www.w3.org/2000/svg',
  'http://www.w3.org/1999/xhtml',
  'http://www.w3.org/1999/xlink',
  'http://www.w3.org/2000/xmlns/',
  'http://www.w3.org/XML/1998/namespace',
  'http://www.w3.org/1998/Math/MathML',
]);

/** A template literal whose text up to its first `${` holds a whole origin: `https://host/…${x}`. */
const ORIGIN_BEFORE_INTERPOLATION = /^[\t\n\f\r ]*https?:\/\/[^/?#]+[/?#]/i;

// An address outside the manifest's domains is a place the mini-app may send users' data.
export const undeclaredDomainRule: JavaScriptRule = {
  createHooks({ reporter, origins }) {
    const check = (text: string, offset: number) => {
      if (NAMESPACE_NAMES.has(text)) return;
      const origin = httpOriginOf(text);
      if (origin && !origins.includes(origin))
        reporter.report('undeclared-domain', offset, `names ${origin}, which is not among the manifest's domains`);
    };
    return {
      string(node) {
        check(node.value, startOf(node));
      },
      template(node) {
        const head = node.quasis[0]?.value.cooked ?? '';
        if (node.expressions.length === 0 || ORIGIN_BEFORE_INTERPOLATION.test(head)) check(head, startOf(node));
      },
    };
  },
};

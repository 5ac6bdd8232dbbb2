import type { FastifyInstance } from 'fastify';
import { MAX_JSON_DEPTH } from '../../shared/kernel/storable-text';
import { ProblemError } from '../../shared/kernel/problem';

/**
 * Fastify's own JSON parser (prototype poisoning refused), behind a nesting limit. JSON.parse
 * itself copes with any depth, but everything after it (class-transformer, class-validator, the
 * text checks) recurses, and a few kilobytes of `[[[[…` would overflow the stack there as a 500.
 * The depth is counted on the text before parsing, so such a body costs one linear scan.
 */
export function parseJsonWithDepthLimit(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestingExceeds(body as string, MAX_JSON_DEPTH)) {
      return done(
        new ProblemError(
          400,
          'json-too-deep',
          'JSON nested too deeply',
          `The body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
        ),
      );
    }
    void parseJson(request, body as string, done);
  });
}

/** Whether `text` opens more than `limit` arrays and objects inside one another (brackets in strings do not count). */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

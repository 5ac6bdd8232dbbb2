import { parse as parseWithAcorn } from 'acorn';
import { type ESTree, parse as parseWithMeriyah } from 'meriyah';

/** How the browser would run the code: a classic script, a module, or the body of an event handler. */
export type ScriptGoal = 'script' | 'module' | 'handler';

export interface ParsedProgram {
  readonly ok: true;
  readonly program: ESTree.Program;
  /** The goal the code parsed under; top-level `this` is the global object only for 'script'. */
  readonly goal: ScriptGoal;
}

export interface ParseFailure {
  readonly ok: false;
  readonly offset: number;
  readonly message: string;
}

/**
 * Meriyah is the fastest of the parsers measured here, with node offsets but no `loc` and no
 * `range` arrays (line/column are computed only for findings). It wrongly rejects a few valid
 * programs (an escaped `\u0065val` reference, for one), so a file it rejects is parsed again
 * with acorn before it is reported as unparsable. A `.js` file or classic script that does not
 * parse as a script is tried as a module, since bundlers emit both.
 */
export function parseJavaScript(
  source: string,
  goal: ScriptGoal,
  allowModuleFallback: boolean,
): ParsedProgram | ParseFailure {
  const goals: ScriptGoal[] = goal === 'script' && allowModuleFallback ? ['script', 'module'] : [goal];
  let firstFailure: ParseFailure | null = null;
  for (const candidate of goals) {
    try {
      return { ok: true, program: parseFast(source, candidate), goal: candidate };
    } catch (error) {
      firstFailure ??= failureOf(error);
    }
  }
  for (const candidate of goals) {
    try {
      return { ok: true, program: parseStrictlyToSpec(source, candidate), goal: candidate };
    } catch {
      // Acorn agrees the code is not valid under this goal; meriyah's error is reported.
    }
  }
  return firstFailure ?? { ok: false, offset: 0, message: 'the code does not parse' };
}

function parseFast(source: string, goal: ScriptGoal): ESTree.Program {
  return parseWithMeriyah(source, {
    sourceType: goal === 'module' ? 'module' : 'script',
    globalReturn: goal === 'handler',
    ranges: { start: true, end: true, range: false },
    webcompat: true,
    validateRegex: false,
  });
}

function parseStrictlyToSpec(source: string, goal: ScriptGoal): ESTree.Program {
  const program = parseWithAcorn(source, {
    ecmaVersion: 'latest',
    sourceType: goal === 'module' ? 'module' : 'script',
    allowReturnOutsideFunction: goal === 'handler',
    allowHashBang: true,
  });
  // Acorn emits the same ESTree shape, with the same `start`/`end` offsets.
  return program as unknown as ESTree.Program;
}

function failureOf(error: unknown): ParseFailure {
  if (error instanceof SyntaxError) {
    const located = error as SyntaxError & { start?: unknown; description?: unknown };
    const offset = typeof located.start === 'number' ? located.start : 0;
    const message = typeof located.description === 'string' ? located.description : error.message;
    return { ok: false, offset, message };
  }
  if (error instanceof RangeError)
    return { ok: false, offset: 0, message: 'the code is nested too deeply to be parsed' };
  throw error;
}

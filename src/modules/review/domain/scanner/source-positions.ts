/** Turns offsets into 1-based line/column and the snippet of their line, computed once per file. */

const SNIPPET_MAX_LENGTH = 200;
/** Characters kept before the finding when a long (minified) line has to be cut to a window. */
const SNIPPET_LEAD = 60;
/** Line terminators of ECMAScript (HTML has the first three). */
const LINE_TERMINATOR = /\r\n?|[\n\u2028\u2029]/g;

export interface SourcePosition {
  line: number;
  column: number;
  snippet: string;
}

export class SourcePositions {
  /** Offset where each line starts, and where its content ends (before its terminator). */
  private lineStarts: number[] | null = null;
  private lineEnds: number[] | null = null;

  constructor(private readonly text: string) {}

  at(offset: number): SourcePosition {
    const { starts, ends } = this.lines();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= clamped) low = middle;
      else high = middle - 1;
    }
    const lineStart = starts[low];
    return { line: low + 1, column: clamped - lineStart + 1, snippet: this.snippet(lineStart, ends[low], clamped) };
  }

  /** The trimmed line; on a line too long (minified code), a window of it around the offset. */
  private snippet(lineStart: number, lineEnd: number, offset: number): string {
    const text = this.text;
    let from = lineStart;
    let to = lineEnd;
    while (from < to && isBlank(text.charCodeAt(from))) from++;
    while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
    if (to - from <= SNIPPET_MAX_LENGTH) return text.slice(from, to);
    const windowStart = Math.max(from, Math.min(offset - SNIPPET_LEAD, to - SNIPPET_MAX_LENGTH));
    return text.slice(windowStart, windowStart + SNIPPET_MAX_LENGTH).trim();
  }

  private lines(): { starts: number[]; ends: number[] } {
    if (this.lineStarts && this.lineEnds) return { starts: this.lineStarts, ends: this.lineEnds };
    const starts = [0];
    const ends: number[] = [];
    LINE_TERMINATOR.lastIndex = 0;
    for (let match = LINE_TERMINATOR.exec(this.text); match; match = LINE_TERMINATOR.exec(this.text)) {
      ends.push(match.index);
      starts.push(match.index + match[0].length);
    }
    ends.push(this.text.length);
    this.lineStarts = starts;
    this.lineEnds = ends;
    return { starts, ends };
  }
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c || code === 0xa0 || code === 0xfeff;
}

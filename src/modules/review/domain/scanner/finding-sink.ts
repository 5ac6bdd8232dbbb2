import { type Finding, RULE_SEVERITY, type RuleId } from './scan-types';
import { SourcePositions } from './source-positions';

/** What a rule reports: where (an offset into the text being scanned) and why. */
export interface FindingReporter {
  report(ruleId: RuleId, offset: number, message: string): void;
}

/** A reporter for text embedded in a file (an inline script, an attribute). */
export interface EmbeddingReporter extends FindingReporter {
  /** For a part whose offsets start at `base` within this text. */
  shifted(base: number): EmbeddingReporter;
  /** For text that was decoded before scanning, whose offsets no longer match: every finding lands on `anchor`. */
  pinnedTo(anchor: number): EmbeddingReporter;
}

function reporterAt(sink: FindingReporter, place: (offset: number) => number): EmbeddingReporter {
  return {
    report: (ruleId, offset, message) => sink.report(ruleId, place(offset), message),
    shifted: (base) => reporterAt(sink, (offset) => place(base + offset)),
    pinnedTo: (anchor) => reporterAt(sink, () => place(anchor)),
  };
}

/**
 * Collects the findings of one bundle file. The same rule reporting the same place twice
 * (a disguise caught by two routes) yields one finding.
 */
export class FileFindings implements EmbeddingReporter {
  private readonly seen = new Set<string>();
  private readonly collected: Array<{ ruleId: RuleId; offset: number; message: string }> = [];

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  report(ruleId: RuleId, offset: number, message: string): void {
    const key = `${ruleId}@${offset}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.collected.push({ ruleId, offset, message });
  }

  shifted(base: number): EmbeddingReporter {
    return reporterAt(this, (offset) => base + offset);
  }

  pinnedTo(anchor: number): EmbeddingReporter {
    return reporterAt(this, () => anchor);
  }

  toFindings(): Finding[] {
    if (this.collected.length === 0) return [];
    const positions = new SourcePositions(this.text);
    return this.collected.map(({ ruleId, offset, message }) => {
      const { line, column, snippet } = positions.at(offset);
      return { ruleId, severity: RULE_SEVERITY[ruleId], file: this.file, line, column, snippet, message };
    });
  }
}

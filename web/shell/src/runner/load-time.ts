/**
 * One load time per launch, timed by the shell's own clock (a mini-app cannot make itself look
 * fast): from opening the mini-app to the moment it says it is usable (`superapp.reportLoadTime()`),
 * or to its entry page's load event when it says nothing within the grace that follows.
 */
export class LoadTime {
  private sent = false;
  private fallback: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly startedAt: number,
    private readonly send: (ms: number) => void,
    private readonly graceMs = 10_000,
  ) {}

  pageLoaded(now: number): void {
    const ms = now - this.startedAt;
    this.fallback = setTimeout(() => this.report(ms), this.graceMs);
  }

  usable(now: number): void {
    this.report(now - this.startedAt);
  }

  dispose(): void {
    clearTimeout(this.fallback);
  }

  private report(ms: number): void {
    if (this.sent) return;
    this.sent = true;
    clearTimeout(this.fallback);
    this.send(Math.round(ms));
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LoadTime } from './load-time';

describe('the load time of a launch', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs from opening to the moment the mini-app says it is usable, by the shell's clock", () => {
    const sent: number[] = [];
    const loadTime = new LoadTime(1_000, (ms) => sent.push(ms));
    loadTime.pageLoaded(1_300);
    loadTime.usable(1_750.4);
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([750]);
  });

  it('falls back to the page load event when the mini-app says nothing within the grace', () => {
    const sent: number[] = [];
    const loadTime = new LoadTime(1_000, (ms) => sent.push(ms), 10_000);
    loadTime.pageLoaded(1_300);
    vi.advanceTimersByTime(9_999);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([300]);
    loadTime.usable(20_000);
    expect(sent).toEqual([300]);
  });

  it('sends nothing for a launch closed before it loaded', () => {
    const sent: number[] = [];
    const loadTime = new LoadTime(0, (ms) => sent.push(ms));
    loadTime.pageLoaded(100);
    loadTime.dispose();
    vi.advanceTimersByTime(60_000);
    expect(sent).toEqual([]);
  });
});

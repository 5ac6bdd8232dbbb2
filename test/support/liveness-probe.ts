/**
 * Sends GET /health/live every `everyMs`, without waiting for earlier answers (a blocked server
 * would otherwise slow the probe down and hide its own stalls), until stopped; resolves to each
 * answer's latency in milliseconds, or rejects if any answer was not a 200. Run it from another
 * process than the server's.
 */
export function probeLiveness(baseUrl: string, everyMs = 10): { stop(): Promise<number[]> } {
  const pending: Array<Promise<number | Error>> = [];
  const timer = setInterval(() => {
    const sent = performance.now();
    pending.push(
      fetch(`${baseUrl}/health/live`).then(
        async (response) => {
          await response.arrayBuffer();
          return response.status === 200
            ? performance.now() - sent
            : new Error(`/health/live answered ${response.status}`);
        },
        (error: Error) => error,
      ),
    );
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      const results = await Promise.all(pending);
      const failure = results.find((result) => result instanceof Error);
      if (failure) throw failure;
      return results as number[];
    },
  };
}

/** The value below which `p` per cent of the values lie. */
export function percentile(values: readonly number[], p: number): number {
  return [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
}

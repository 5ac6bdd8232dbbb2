// autocannon ships no types (and @types/autocannon is not installed): just the part of its programmatic API the bench uses.
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      /** Seconds. */
      duration?: number;
      /** A number of requests to send instead of a duration. */
      amount?: number;
      headers?: Record<string, string>;
      /** Per-request setup: method, path, headers and body may change for every request sent. */
      requests?: Array<{ method?: string; path?: string; setupRequest?: (request: Request) => Request }>;
    }
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
    }
    /** Percentiles are keyed p50, p99, …; latency is in milliseconds, requests in requests per second. */
    interface Histogram {
      average: number;
      p50: number;
      p99: number;
      total: number;
    }
    interface Result {
      requests: Histogram;
      latency: Histogram;
      errors: number;
      timeouts: number;
      non2xx: number;
      '2xx': number;
      statusCodeStats: Record<string, { count: number }>;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}

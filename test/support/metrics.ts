import { SIGNUP_FUNNEL_STEPS } from '../../src/platform/observability/signup-funnel';
import type { HttpClient } from './http-client';

/** `user_signup_funnel_total` per step, as /metrics shows it now. */
export async function funnelCounts(http: HttpClient): Promise<Record<string, number>> {
  const text = (await http.get('/metrics')).text;
  return Object.fromEntries(SIGNUP_FUNNEL_STEPS.map((step) => [step, Number(text.match(new RegExp(`^user_signup_funnel_total\\{step="${step}"\\} (\\d+)`, 'm'))?.[1])]));
}

/** How much each step moved between two readings. */
export const funnelMoves = (before: Record<string, number>, after: Record<string, number>) => Object.fromEntries(SIGNUP_FUNNEL_STEPS.map((step) => [step, after[step] - before[step]]));

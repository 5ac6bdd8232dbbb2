import { type CanActivate, Injectable, type ExecutionContext } from '@nestjs/common';
import { THROTTLER_SKIP } from '@nestjs/throttler/dist/throttler.constants';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ProblemError } from '../../../shared/kernel/problem';
import { limitField, policyField, type RateLimitState } from './rate-limit-fields';

const STATES = 'rateLimitStates';

type SkipIf = (context: ExecutionContext) => boolean;
const routeOnly = new WeakSet<SkipIf>();

/** Marks a throttler's skipIf as reading nothing but the route's metadata, so its answer can be kept per route. */
export function decidedByRoute<T extends (context: never) => boolean>(skipIf: T): T {
  routeOnly.add(skipIf as unknown as SkipIf);
  return skipIf;
}

/**
 * @nestjs/throttler with Redis counters, speaking the IETF RateLimit fields instead of the
 * X-RateLimit-* ones: callers are counted per user when authenticated, per client IP otherwise.
 * A 429 carries `Retry-After` (never earlier than the window's reset) and a problem body.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly answers = new WeakMap<object, WeakMap<object, boolean>>();
  private byRoute: boolean | undefined;

  /**
   * Whether any limit counts this request: none does on a route marked @NotRateLimited (the liveness probe).
   * Kept per route when every skipIf reads only the route (decidedByRoute): a dozen lookups less per request.
   */
  appliesTo(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return false;
    this.byRoute ??= this.decidedByRoute();
    if (!this.byRoute) return this.limitsApply(context);
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.answers.get(handler);
    if (!byController) this.answers.set(handler, (byController = new WeakMap()));
    let answer = byController.get(controller);
    if (answer === undefined) byController.set(controller, (answer = this.limitsApply(context)));
    return answer;
  }

  private decidedByRoute(): boolean {
    const skips = [this.commonOptions.skipIf, ...this.throttlers.map((throttler) => throttler.skipIf)];
    return skips.every((skipIf) => !skipIf || routeOnly.has(skipIf));
  }

  private limitsApply(context: ExecutionContext): boolean {
    const route = [context.getHandler(), context.getClass()];
    return this.throttlers.some(
      (throttler) =>
        !this.reflector.getAllAndOverride<boolean>(THROTTLER_SKIP + throttler.name, route) &&
        !(throttler.skipIf ?? this.commonOptions.skipIf)?.(context),
    );
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const user = req.user as AuthenticatedUser | undefined;
    return user ? `user:${user.id}` : `ip:${String(req.ip)}`;
  }

  /** One budget per caller and policy across all routes (the library's default counts each route separately). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `ratelimit:${name}:${tracker}`;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, throttler, blockDuration, getTracker, generateKey } = props;
    const { req, res } = this.getRequestResponse(context);
    const name = throttler.name ?? 'default';
    const key = generateKey(context, await getTracker(req, context), name);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    const resetSeconds = record.isBlocked ? record.timeToBlockExpire : record.timeToExpire;
    const states: RateLimitState[] = (req[STATES] as RateLimitState[] | undefined) ?? [];
    req[STATES] = states;
    states.push({
      policy: name,
      quota: limit,
      windowSeconds: Math.ceil(ttl / 1000),
      remaining: record.isBlocked ? 0 : Math.max(0, limit - record.totalHits),
      resetSeconds,
    });
    this.setResponseHeader(res, 'RateLimit-Policy', policyField(states));
    this.setResponseHeader(res, 'RateLimit', limitField(states));
    if (record.isBlocked) {
      const retryAfter = String(Math.max(1, resetSeconds));
      throw new ProblemError(
        429,
        'rate-limited',
        'Too many requests',
        `The "${name}" limit of ${limit} requests per ${Math.ceil(ttl / 1000)} s is used up; retry in ${retryAfter} s.`,
        undefined,
        { 'Retry-After': retryAfter },
      );
    }
    return true;
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }
}

/** The global guard: RateLimitGuard where a limit applies, a synchronous pass elsewhere (the library's guard is always awaited). */
@Injectable()
export class RateLimitGate implements CanActivate {
  constructor(private readonly limits: RateLimitGuard) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    return this.limits.appliesTo(context) ? this.limits.canActivate(context) : true;
  }
}

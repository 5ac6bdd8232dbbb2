import { createHash } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { type Span, SpanKind, trace } from '@opentelemetry/api';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { DomainReached } from '../../../../shared/contracts/runtime';
import { ProblemError } from '../../../../shared/kernel/problem';
import { checkTarget, type TargetRefusal } from '../../../../platform/outbound/outbound-target';
import {
  Outbound,
  OutboundFailure,
  type OutboundFailureReason,
  type OutboundResponse,
} from '../../../../platform/outbound/outbound';
import {
  forwardableRequestHeaders,
  isRedirect,
  isTextual,
  MAX_REDIRECTS,
  methodAfterRedirect,
  PROXY_LIMITS,
  visibleResponseHeaders,
} from '../../domain/outbound-policy';
import { type OpenLaunch, OpenLaunches } from '../open-launches';
import { AccessLog, type NetworkOutcome } from '../ports/access-log';
import { PairwiseIds } from '../ports/pairwise-ids';
import { ProxyRateLimit } from '../ports/proxy-rate-limit';
import { RuntimeMetrics } from '../ports/runtime-metrics';
import { RuntimeSigner } from '../ports/runtime-signer';

export interface ProxiedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
}

export interface ProxiedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
}

export class ProxyRequest extends Command<ProxiedResponse> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly request: ProxiedRequest,
  ) {
    super();
  }
}

const tracer = trace.getTracer('runtime');

/** Outcomes where the request (with the user's pairwise id) went out to the origin: announced for the privacy report. */
const REACHED: ReadonlySet<NetworkOutcome> = new Set(['completed', 'refused-redirect', 'timeout', 'too-large']);

const FAILURES: Record<OutboundFailureReason, { outcome: NetworkOutcome; problem: () => ProblemError }> = {
  'address-not-public': {
    outcome: 'refused-address',
    problem: () =>
      new ProblemError(
        403,
        'address-not-public',
        'Address not public',
        'The domain resolves to an address that is not public (loopback, private, link-local or reserved); the platform does not call it.',
      ),
  },
  timeout: {
    outcome: 'timeout',
    problem: () =>
      new ProblemError(
        504,
        'upstream-timeout',
        'Upstream timeout',
        `The mini-app's backend did not answer within ${PROXY_LIMITS.timeoutMs / 1000} s.`,
      ),
  },
  'response-too-large': {
    outcome: 'too-large',
    problem: () =>
      new ProblemError(
        502,
        'upstream-response-too-large',
        'Upstream response too large',
        `The backend's answer is larger than ${PROXY_LIMITS.maxResponseBytes} bytes.`,
      ),
  },
  unreachable: {
    outcome: 'unreachable',
    problem: () =>
      new ProblemError(
        502,
        'upstream-unreachable',
        'Upstream unreachable',
        "The mini-app's backend could not be reached (connection or TLS failed).",
      ),
  },
};

const TARGET_REFUSALS: Record<TargetRefusal, () => ProblemError> = {
  'invalid-url': () =>
    new ProblemError(400, 'validation', 'Invalid request', 'The url is not an absolute URL.', [
      { pointer: '#/url', detail: 'must be an absolute https URL without credentials' },
    ]),
  'https-required': () =>
    new ProblemError(422, 'https-required', 'HTTPS required', 'The platform calls mini-app backends over https only.', [
      { pointer: '#/url', detail: 'must use https' },
    ]),
  'domain-not-declared': () =>
    new ProblemError(
      422,
      'domain-not-declared',
      'Domain not declared',
      "The url's origin is not among the domains the mini-app's live manifest declares.",
      [{ pointer: '#/url', detail: 'is not on a declared domain' }],
    ),
};

const redirectRefused = () =>
  new ProblemError(
    502,
    'redirect-not-declared',
    'Redirect refused',
    `The backend redirected off the mini-app's declared domains, to a Location that is not a URL, or more than ${MAX_REDIRECTS} times; the platform does not follow.`,
  );

/**
 * `superapp.request(...)`: the platform calls the mini-app's backend on its behalf. Only the live
 * manifest's https origins, only public addresses (judged when connecting), redirects followed by
 * hand and only within those origins, within PROXY_LIMITS and the launch's rate. The backend gets
 * the user's pairwise id and a signed token binding the request, never a platform token or cookie.
 * Every call is in the access log (origin, status, bytes; never a body).
 */
@CommandHandler(ProxyRequest)
export class ProxyRequestHandler implements ICommandHandler<ProxyRequest, ProxiedResponse> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly rateLimit: ProxyRateLimit,
    private readonly pairwiseIds: PairwiseIds,
    private readonly signer: RuntimeSigner,
    private readonly outbound: Outbound,
    private readonly accessLog: AccessLog,
    private readonly metrics: RuntimeMetrics,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  private readonly logger = new Logger('RuntimeProxy');

  async execute({ userId, launchId, request }: ProxyRequest): Promise<ProxiedResponse> {
    if ((request.body?.length ?? 0) > PROXY_LIMITS.maxRequestBytes) {
      throw new ProblemError(
        413,
        'request-body-too-large',
        'Request body too large',
        `A proxied request may carry at most ${PROXY_LIMITS.maxRequestBytes} bytes.`,
        [{ pointer: '#/body', detail: 'is too large' }],
      );
    }
    const open = await this.openLaunches.require(userId, launchId);
    const log = (
      outcome: NetworkOutcome,
      details: { domain: string | null; status?: number; responseBytes?: number },
    ) => this.log(open, request, outcome, details);
    const limited = await this.rateLimit.take(open.launch.id);
    if (!limited.allowed) {
      await log('rate-limited', { domain: originOf(request.url) });
      throw new ProblemError(
        429,
        'rate-limited',
        'Too many requests',
        `A launch may make ${this.config.RUNTIME_PROXY_REQUESTS_PER_MINUTE} requests a minute; retry in ${limited.retryAfterSeconds} s.`,
        undefined,
        {
          'Retry-After': String(limited.retryAfterSeconds),
        },
      );
    }
    const target = checkTarget(request.url, open.app.domains, this.config.OUTBOUND_ALLOW_LOOPBACK);
    if ('refusal' in target) {
      await log('refused-domain', { domain: originOf(request.url) });
      throw TARGET_REFUSALS[target.refusal]();
    }
    const openid = await this.unitOfWork.run(() => this.pairwiseIds.idFor(userId, open.app.miniAppId));
    const span = tracer.startSpan('runtime proxy', {
      kind: SpanKind.CLIENT,
      attributes: {
        'mini_app.slug': open.app.slug,
        'server.address': target.url.host,
        'http.request.method': request.method,
      },
    });
    try {
      let response: OutboundResponse;
      try {
        response = await this.follow(open, openid, { ...request, url: target.url.href }, span);
      } catch (error) {
        const failure =
          error instanceof OutboundFailure
            ? FAILURES[error.reason]
            : error instanceof RedirectRefused
              ? { outcome: 'refused-redirect' as const, problem: redirectRefused }
              : null;
        // Anything else the exchange threw is still a call that failed: logged and counted as unreachable, never a bare 500.
        if (!failure)
          this.logger.warn(
            `A proxied call of ${open.app.slug} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        const { outcome, problem } = failure ?? FAILURES.unreachable;
        span.setAttribute('runtime.outcome', outcome);
        await log(outcome, { domain: target.url.origin });
        throw problem();
      }
      await log('completed', {
        domain: target.url.origin,
        status: response.status,
        responseBytes: response.body.length,
      });
      span.setAttributes({ 'http.response.status_code': response.status, 'runtime.outcome': 'completed' });
      return toProxied(response);
    } finally {
      span.end();
    }
  }

  /** Sends the request, and follows redirects that stay on the declared origins, each hop signed anew. */
  private async follow(
    open: OpenLaunch,
    openid: string,
    request: ProxiedRequest,
    span: Span,
  ): Promise<OutboundResponse> {
    const deadline = performance.now() + PROXY_LIMITS.timeoutMs;
    let hop = { ...request, url: new URL(request.url) };
    for (let redirects = 0; ; redirects++) {
      const body = hop.body ?? Buffer.alloc(0);
      const token = await this.signer.requestToken({
        miniApp: open.app.slug,
        openid,
        method: hop.method,
        url: hop.url.href,
        bodySha256: createHash('sha256').update(body).digest('base64url'),
        issuedAt: this.clock.now(),
      });
      const headers = {
        ...forwardableRequestHeaders(hop.headers),
        'x-superapp-openid': openid,
        'x-superapp-signature': token,
      };
      const timeoutMs = deadline - performance.now();
      if (timeoutMs <= 0) throw new OutboundFailure('timeout');
      const response = await this.outbound.send(
        { url: hop.url, method: hop.method, headers, body: hop.body },
        { timeoutMs, maxResponseBytes: PROXY_LIMITS.maxResponseBytes },
      );
      const location = response.headers.location;
      if (!isRedirect(response.status, typeof location === 'string' ? location : undefined)) return response;
      const to = redirects < MAX_REDIRECTS ? URL.parse(location as string, hop.url.href) : null;
      const next = to ? checkTarget(to.href, open.app.domains, this.config.OUTBOUND_ALLOW_LOOPBACK) : null;
      if (!next || 'refusal' in next) throw new RedirectRefused();
      span.addEvent('redirect', { 'server.address': next.url.host });
      const method = methodAfterRedirect(response.status, hop.method);
      hop =
        method === hop.method
          ? { ...hop, url: next.url }
          : { url: next.url, method, headers: withoutContentType(hop.headers), body: null };
    }
  }

  private log(
    open: OpenLaunch,
    request: ProxiedRequest,
    outcome: NetworkOutcome,
    details: { domain: string | null; status?: number; responseBytes?: number },
  ): Promise<void> {
    this.metrics.proxied(open.app.slug, outcome);
    const at = this.clock.now();
    return this.unitOfWork.run(async () => {
      await this.accessLog.record({
        userId: open.launch.userId,
        miniAppId: open.app.miniAppId,
        launchId: open.launch.id,
        scope: 'network',
        outcome,
        domain: details.domain,
        status: details.status ?? null,
        requestBytes: request.body?.length ?? 0,
        responseBytes: details.responseBytes ?? null,
        at,
      });
      if (REACHED.has(outcome) && details.domain)
        await this.eventBus.publish(
          new DomainReached({
            userId: open.launch.userId,
            miniAppId: open.app.miniAppId,
            domain: details.domain,
            at: at.toISOString(),
          }),
        );
    });
  }
}

class RedirectRefused extends Error {}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function withoutContentType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}

function toProxied(response: OutboundResponse): ProxiedResponse {
  const headers = visibleResponseHeaders(response.headers);
  const text = isTextual(headers['content-type']) ? new TextDecoder('utf-8', { fatal: true }) : null;
  try {
    if (text) return { status: response.status, headers, body: text.decode(response.body), bodyEncoding: 'utf8' };
  } catch {
    // declared as text but not UTF-8: sent as bytes
  }
  return { status: response.status, headers, body: response.body.toString('base64'), bodyEncoding: 'base64' };
}

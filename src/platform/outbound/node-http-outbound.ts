import http from 'node:http';
import https from 'node:https';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  type RequestFilteringAgentOptions,
  RequestFilteringHttpAgent,
  RequestFilteringHttpsAgent,
} from 'request-filtering-agent';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { Outbound, OutboundFailure, type OutboundRequest, type OutboundResponse } from './outbound';
import { HostResolver } from './host-resolver';

/**
 * node:http(s) behind request-filtering-agent: the agent checks the address each connection is
 * about to use, after DNS resolution (so a name that resolves, or re-resolves, to a private
 * address is refused), and refuses loopback, private, link-local (169.254.169.254, the cloud
 * metadata service), reserved and unspecified ranges. OUTBOUND_ALLOW_LOOPBACK adds only the
 * loopback ranges back.
 */
@Injectable()
export class NodeHttpOutbound extends Outbound implements OnApplicationShutdown {
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent: http.Agent;

  constructor(
    @Inject(APP_CONFIG) config: PlatformConfig,
    private readonly resolver: HostResolver,
  ) {
    super();
    const filter: RequestFilteringAgentOptions & http.AgentOptions = {
      allowIPAddressList: config.OUTBOUND_ALLOW_LOOPBACK ? ['127.0.0.0/8', '::1'] : [],
      keepAlive: true,
      maxSockets: 64,
    };
    this.httpsAgent = new RequestFilteringHttpsAgent(filter);
    this.httpAgent = new RequestFilteringHttpAgent(filter);
  }

  send(
    { url, method, headers, body }: OutboundRequest,
    { timeoutMs, maxResponseBytes }: { timeoutMs: number; maxResponseBytes: number },
  ): Promise<OutboundResponse> {
    return new Promise((resolve, reject) => {
      const fail = (reason: OutboundFailure['reason']) => {
        request.destroy();
        reject(new OutboundFailure(reason));
      };
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(
        url,
        {
          method,
          headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
          agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          lookup: (hostname, options, callback) => this.resolver.lookup(hostname, options, callback),
          signal: AbortSignal.timeout(Math.max(1, Math.ceil(timeoutMs))),
        },
        (response) => {
          // A HEAD's, a 204's and a 304's Content-Length describes a body that is not sent: only a body that comes is checked.
          const bodiless = method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304;
          if (!bodiless && Number(response.headers['content-length']) > maxResponseBytes)
            return fail('response-too-large');
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxResponseBytes) return fail('response-too-large');
            chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }),
          );
          response.on('error', (error) => reject(new OutboundFailure(reasonOf(error))));
        },
      );
      request.on('error', (error) => reject(new OutboundFailure(reasonOf(error))));
      request.end(body ?? undefined);
    });
  }

  onApplicationShutdown(): void {
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
  }
}

/** request-filtering-agent says "DNS lookup <address>(…) is not allowed" when it refuses an address. */
function reasonOf(error: Error): OutboundFailure['reason'] {
  if (error.name === 'AbortError' || error.name === 'TimeoutError' || (error as { code?: string }).code === 'ABORT_ERR')
    return 'timeout';
  if (/^DNS lookup .* is not allowed/.test(error.message)) return 'address-not-public';
  return 'unreachable';
}

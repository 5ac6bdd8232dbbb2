import { Global, Module } from '@nestjs/common';
import { HostResolver } from './host-resolver';
import { NodeHttpOutbound } from './node-http-outbound';
import { Outbound } from './outbound';

/** The SSRF-guarded outbound HTTP every module that calls mini-app backends shares (one guard, one pool of agents). */
@Global()
@Module({
  providers: [HostResolver, { provide: Outbound, useClass: NodeHttpOutbound }],
  exports: [Outbound, HostResolver],
})
export class OutboundModule {}

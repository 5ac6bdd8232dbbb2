import { Module } from '@nestjs/common';
import { RemoteCalls } from './remote-calls';

/** Declared commands and queries between processes over NATS (composed in when BUS_TRANSPORT=nats). */
@Module({ providers: [RemoteCalls] })
export class CallsModule {}

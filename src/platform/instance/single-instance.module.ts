import { type DynamicModule, Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SingleInstanceLock } from './single-instance-lock';

/** Makes the lock createApp took available (the readiness check reports it) and lets it go when the app stops. */
@Global()
@Module({})
export class SingleInstanceModule implements OnApplicationShutdown {
  constructor(private readonly lock: SingleInstanceLock) {}

  static holding(lock: SingleInstanceLock): DynamicModule {
    return {
      module: SingleInstanceModule,
      providers: [{ provide: SingleInstanceLock, useValue: lock }],
      exports: [SingleInstanceLock],
    };
  }

  onApplicationShutdown(): Promise<void> {
    return this.lock.release();
  }
}

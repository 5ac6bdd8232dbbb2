import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from './app-config';

@Global()
@Module({})
export class ConfigModule {
  /** The configuration is loaded once by the caller (main.ts or a test) and shared read-only. */
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [APP_CONFIG],
    };
  }
}

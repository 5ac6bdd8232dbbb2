import { type DynamicModule, Module } from '@nestjs/common';
import { IdentityModule } from './modules/identity/identity.module';
import type { PlatformConfig } from './platform/config/app-config';
import { PlatformModule } from './platform/platform.module';

/** The composition root: the platform plus the list of business modules. */
@Module({})
export class AppModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), IdentityModule],
    };
  }
}

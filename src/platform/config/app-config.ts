import type { PlatformConfig } from './config.schema';

/** Injection token for the validated configuration; inject it as `@Inject(APP_CONFIG) config: PlatformConfig`. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { PlatformConfig };

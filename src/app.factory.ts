import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule, runningModules } from './app.module';
import { MODULE_CONTRACT_LIST } from './module-contracts';
import { forwardModuleRoutes } from './platform/http/module-gateway';
import type { PlatformConfig } from './platform/config/app-config';
import { configureHttp } from './platform/http/configure-http';
import { edgeErrorHandlers } from './platform/http/edge-errors';
import { securityHeaders, securityOptions } from './platform/http/security-headers';
import { requestIdFor } from './platform/http/request-id';
import { deploymentMode } from './platform/instance/deployment-mode';
import { SingleInstanceLock } from './platform/instance/single-instance-lock';
import { SingleInstanceModule } from './platform/instance/single-instance.module';
import { withQuietStartup } from './platform/observability/logging';

/**
 * Builds the whole platform on Fastify; main.ts listens on it, e2e tests drive it over HTTP.
 * Without Redis it first takes the single-instance lock (before migrations or anything else runs),
 * and refuses with a ConfigError when another instance holds it. The CLI's short-lived contexts do
 * not come through here: they run next to the server.
 */
export async function createApp(
  config: PlatformConfig,
  extraModules: Array<Type | DynamicModule> = [],
): Promise<NestFastifyApplication> {
  const lock = deploymentMode(config) === 'single-instance' ? await SingleInstanceLock.acquire(config) : undefined;
  try {
    return await createPlatform(config, lock ? [SingleInstanceModule.holding(lock), ...extraModules] : extraModules);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

async function createPlatform(
  config: PlatformConfig,
  extraModules: Array<Type | DynamicModule>,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: requestIdFor,
    trustProxy: config.TRUST_PROXY,
    // Path parameters up to 256 characters (find-my-way's default is 100): mini-app storage keys take up to 128.
    // Under routerOptions: at the top level Fastify 5 warns (FSTDEP022) on every start.
    routerOptions: { maxParamLength: 256 },
    // What fails before a route runs (the router, the HTTP parser) answers problem+json too.
    ...edgeErrorHandlers(securityHeaders(securityOptions({ servedOverHttps: config.SERVED_OVER_HTTPS }))),
    // In-flight requests finish during shutdown; new connections are refused once the server stops listening.
    return503OnClosing: false,
  } as never);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, extraModules), adapter, {
    bufferLogs: true,
    // A failed start leaves its buffered lines unprinted: main.ts says what failed in one line, or prints the stack of a bug.
    autoFlushLogs: false,
    // Fastify's own JSON parser only: no form or text parsers, so any other body is a 415.
    bodyParser: false,
    abortOnError: false,
  });
  app.useLogger(withQuietStartup(app.get(Logger)));
  app.flushLogs();
  await configureHttp(app, config);
  await forwardModuleRoutes(app, config, MODULE_CONTRACT_LIST, runningModules(config));
  await app.init();
  return app;
}

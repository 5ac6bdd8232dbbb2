// bench:http's baseline (a): Nest on Fastify with the platform's route shapes and nothing else (no
// guards, pipes, logger middleware or database), so the framework's own share of a request shows; under
// the same tracing setting as the platform and the other baselines (its instrumentation, loaded first).
import '../instrument';
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { exitOnStartFailure, LIVE } from './baseline-env';

@Controller('health')
class HealthController {
  @Get('live')
  live() {
    return LIVE;
  }
}

@Module({ controllers: [HealthController] })
class BareModule {}

async function start(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

start().catch(exitOnStartFailure('the bare Nest server'));

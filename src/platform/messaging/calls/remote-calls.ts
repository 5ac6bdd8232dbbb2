import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { CommandBus, CommandHandler, type ICommand, type IQuery, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ClientNats, ServerNats } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { ProblemError, type ProblemStatus } from '../../../shared/kernel/problem';
import { PROBLEM_TYPE_BASE } from '../../http/problem-details';
import { toProblem } from '../../http/to-problem';
import { APP_CONFIG, type PlatformConfig } from '../../config/app-config';
import { reasonOf, StartupFailure, withoutPassword } from '../../config/startup-failure';
import { natsConnectionOptions, natsServers } from '../../nats/nats-connection-options';
import { callQueueOf, callSubjectOf } from '../../nats/subjects';
import { NatsLinks } from '../../nats/nats-links';
import { MODULE_CONTRACT } from '../decorators';
import { messageContext } from '../message-context';
import { MODULE_CONTRACTS, type ModuleContract } from '../module-contract';
import { decodeValue, encodeValue } from './call-codec';
import type { CallReply, CallRequest } from './call-envelope';
import { type CrossingCall, crossingCalls } from './call-routes';

/** NATS's default max_payload is 1 MiB; the reply's envelope and headers take the rest. */
const MAX_REPLY_BYTES = 1_000_000;

/**
 * Declared commands and queries between processes (ADR 0035), over NATS request-reply with
 * @nestjs/microservices' ClientNats and ServerNats. A call a module here sends to a module that runs
 * elsewhere is bound in the CommandBus or QueryBus to a handler that sends it to
 * `call.<module>.<Name>` and waits CALL_TIMEOUT_MS; a call a module here answers for a sender
 * elsewhere is served from that subject (a queue group per module, so instances share the work)
 * through the local bus, as its sender. Neither the sender's nor the handler's code changes.
 */
@Injectable()
export class RemoteCalls implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RemoteCalls');
  private client?: ClientNats;
  private runningHere = new Set<string>();
  private server?: ServerNats;

  constructor(
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
    @Inject(MODULE_CONTRACTS) private readonly contracts: readonly ModuleContract[],
    private readonly modules: ModulesContainer,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly links: NatsLinks,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.runningHere = this.running();
    const { outgoing, incoming } = crossingCalls(this.contracts, this.runningHere);
    if (outgoing.length) await this.send(outgoing);
    if (incoming.length) await this.serve(incoming);
  }

  /** The modules of this process: those whose Nest module carries a declaration. */
  private running(): Set<string> {
    const names = new Set<string>();
    for (const module of this.modules.values()) {
      const contract = Reflect.getMetadata(MODULE_CONTRACT, module.metatype) as ModuleContract | undefined;
      if (contract) names.add(contract.name);
    }
    return names;
  }

  private async send(calls: CrossingCall[]): Promise<void> {
    const client = new ClientNats(natsConnectionOptions(this.config, 'calls-client'));
    this.client = client;
    await client.connect().catch((error: unknown) => {
      throw this.unreachable(error);
    });
    this.follow('calls-client', client);
    for (const call of calls) {
      // A handler class as the decorators make one, registered the way the bus registers those it finds.
      const handler = class RemoteHandler {};
      const wrapper = {
        metatype: handler,
        instance: { execute: (message: object) => this.callRemote(client, call, message) },
        isDependencyTreeStatic: () => true,
      } as unknown as InstanceWrapper<never>;
      if (call.kind === 'command') {
        CommandHandler(call.message as new () => ICommand)(handler);
        this.commands.register([wrapper]);
      } else {
        QueryHandler(call.message as new () => IQuery)(handler);
        this.queries.register([wrapper]);
      }
    }
  }

  private async callRemote(client: ClientNats, call: CrossingCall, message: object): Promise<unknown> {
    const { module, correlationId, causationId } = messageContext.current();
    // From a route or a job of no module: the one module of this process that declares sending it.
    const senders = call.senders.filter((name) => this.runningHere.has(name));
    const sender = module ?? (senders.length === 1 ? senders[0] : undefined);
    const request: CallRequest = {
      message: call.message.name,
      fields: encodeValue(message),
      sender,
      correlationId,
      causationId,
    };
    const reply = await firstValueFrom(
      client
        .send<CallReply, CallRequest>(callSubjectOf(call.handler, call.message.name), request)
        .pipe(timeout(this.config.CALL_TIMEOUT_MS)),
    ).catch((error: unknown) => {
      throw unavailable(call, error instanceof TimeoutError ? 'did not answer in time' : 'cannot be reached');
    });
    if ('problem' in reply) {
      const { status, code, title, detail, errors, headers } = reply.problem;
      throw new ProblemError(status, code, title, detail, errors, headers);
    }
    if ('failure' in reply) throw new Error(`${call.handler} failed to handle ${call.message.name}: ${reply.failure}`);
    return decodeValue(reply.value);
  }

  private async serve(calls: CrossingCall[]): Promise<void> {
    const server = new ServerNats({
      ...natsConnectionOptions(this.config, 'calls-server'),
      // Closing: no new calls, and a second for those being answered.
      gracefulShutdown: true,
      gracePeriod: 1_000,
    });
    this.server = server;
    for (const call of calls)
      server.addHandler(
        callSubjectOf(call.handler, call.message.name),
        async (request: CallRequest) => this.answer(call, request),
        false,
        { queue: callQueueOf(call.handler) },
      );
    let failure: unknown;
    // It calls back with a connection error rather than rejecting.
    await server.listen((error) => (failure = error));
    if (failure) throw this.unreachable(failure);
    this.follow('calls-server', server);
  }

  private async answer(call: CrossingCall, request: CallRequest): Promise<CallReply> {
    if (request?.message !== call.message.name) return { failure: 'not a call of this subject' };
    // The broker lets only the declared senders' processes publish here (ADR 0037); a request that names no declared sender is refused too.
    if (typeof request.sender !== 'string' || !call.senders.includes(request.sender)) {
      this.logger.warn(`${call.message.name} refused: ${String(request.sender)} does not declare sending it`);
      return { failure: 'the sender does not declare sending this' };
    }
    const message = Object.assign(Object.create(call.message.prototype) as object, decodeValue(request.fields));
    const context = {
      module: request.sender,
      correlationId: request.correlationId,
      causationId: request.causationId,
    };
    try {
      const value = await messageContext.run(context, () =>
        call.kind === 'command' ? this.commands.execute(message) : this.queries.execute(message),
      );
      const reply = { value: encodeValue(value) };
      if (Buffer.byteLength(JSON.stringify(reply)) > MAX_REPLY_BYTES) {
        this.logger.error(`${call.message.name}'s answer is larger than NATS carries (${MAX_REPLY_BYTES} bytes)`);
        return { failure: 'the answer is too large to cross processes' };
      }
      return reply;
    } catch (error) {
      // What a route would answer with a 4xx or a 503 (a busy database, a rate limit) crosses as that problem.
      const { body, headers } = toProblem(error);
      if (body.status < 500 || body.status === 503) {
        const { status, title, detail, errors } = body;
        const code = body.type.slice(PROBLEM_TYPE_BASE.length);
        return { problem: { status: status as ProblemStatus, code, title, detail, errors, headers } };
      }
      this.logger.error(
        { err: error, correlationId: context.correlationId },
        `${call.message.name} from ${context.module ?? 'another process'} failed`,
      );
      return { failure: 'the handler failed; its log says why' };
    }
  }

  /** Readiness is down while a link is disconnected (its callers would get 503s). */
  private follow(link: string, transport: ClientNats | ServerNats): void {
    this.links.report(link, true);
    transport.on('disconnect', () => this.links.report(link, false));
    transport.on('reconnect', () => this.links.report(link, true));
  }

  private unreachable(error: unknown): StartupFailure {
    return new StartupFailure(
      `Cannot reach NATS at ${natsServers(this.config).map(withoutPassword).join(',')} for calls between processes (${reasonOf(error)}): start nats-server, or fix NATS_URL`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close().catch(() => undefined);
    await this.client?.close().catch(() => undefined);
  }
}

function unavailable(call: CrossingCall, why: string): ProblemError {
  return new ProblemError(
    503,
    'module-unavailable',
    'Service unavailable',
    `The ${call.handler} module ${why}; try again shortly (a request with an Idempotency-Key is safe to repeat).`,
    undefined,
    { 'retry-after': '1' },
  );
}

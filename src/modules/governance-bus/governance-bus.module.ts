import { Module, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventBus } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type PlatformConfig } from '../../platform/config/app-config';
import { UnitOfWork } from '../../platform/database/unit-of-work';
import { perDeploymentMode } from '../../platform/instance/deployment-mode';
import { ModuleName } from '../../platform/messaging/decorators';
import { NatsLinks } from '../../platform/nats/nats-links';
import { governanceBusContract } from './governance-bus.contract';
import { BusController } from './api/bus.controller';
import { BrokerTransport } from './application/broker-transport';
import { BusOperations } from './application/bus-operations';
import { DeliveryDispatcher } from './application/delivery-dispatcher';
import { DeclarationVerifier } from './application/declaration-verifier';
import { DeliveryRunner } from './application/delivery-runner';
import { EventCatalogue } from './application/event-catalogue';
import { InProcessTransport } from './application/in-process-transport';
import { OutboxPublisher } from './application/outbox-publisher';
import { BusMetrics } from './application/ports/bus-metrics';
import { DeliveryQueue } from './application/ports/delivery-queue';
import { EventTransport } from './application/ports/event-transport';
import { OutboxStore } from './application/ports/outbox-store';
import { SubscriberRegistry } from './application/subscriber-registry';
import { BullMqDeliveryQueue } from './infrastructure/bullmq-delivery-queue';
import { InProcessDeliveryQueue } from './infrastructure/in-process-delivery-queue';
import { DeliveryEntity } from './infrastructure/delivery.entity';
import { EventEntity } from './infrastructure/event.entity';
import { JetStreamBroker } from './infrastructure/jetstream-broker';
import { PrometheusBusMetrics } from './infrastructure/prometheus-bus-metrics';
import { SqlOutboxStore } from './infrastructure/sql-outbox-store';

/**
 * The governance bus (schema `bus`): every integration event goes through a transactional
 * outbox, is checked against the catalogue, and is delivered to each subscriber at least once
 * with an exactly-once effect, observably and replayably. It knows no module; it finds
 * subscribers by their `@Subscriber` ids at start.
 */
@ModuleName(governanceBusContract)
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([EventEntity, DeliveryEntity])],
  controllers: [BusController],
  providers: [
    EventCatalogue,
    SubscriberRegistry,
    OutboxPublisher,
    DeliveryRunner,
    DeliveryDispatcher,
    BusOperations,
    DeclarationVerifier,
    { provide: OutboxStore, useClass: SqlOutboxStore },
    perDeploymentMode(DeliveryQueue, {
      'multi-instance': (config) => new BullMqDeliveryQueue(config),
      'single-instance': () => new InProcessDeliveryQueue(),
    }),
    { provide: BusMetrics, useClass: PrometheusBusMetrics },
    {
      provide: EventTransport,
      inject: [APP_CONFIG, SubscriberRegistry, DeliveryDispatcher, OutboxStore, UnitOfWork, NatsLinks],
      useFactory: (
        config: PlatformConfig,
        subscribers: SubscriberRegistry,
        dispatcher: DeliveryDispatcher,
        store: OutboxStore,
        unitOfWork: UnitOfWork,
        links: NatsLinks,
      ): EventTransport =>
        config.BUS_TRANSPORT === 'nats'
          ? new BrokerTransport(new JetStreamBroker(config, links), store, unitOfWork, subscribers, dispatcher, config)
          : new InProcessTransport(subscribers, dispatcher),
    },
  ],
})
export class GovernanceBusModule implements OnModuleInit {
  constructor(
    private readonly eventBus: EventBus,
    private readonly publisher: OutboxPublisher,
  ) {}

  onModuleInit(): void {
    this.eventBus.publisher = this.publisher;
  }
}

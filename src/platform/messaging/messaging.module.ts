import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';

/**
 * The CQRS buses every module uses to talk to the others. The governance bus module takes over
 * the EventBus's publisher (a durable outbox) and its delivery to subscribers.
 */
@Global()
@Module({ imports: [CqrsModule.forRoot()], exports: [CqrsModule] })
export class MessagingModule {}

import { TransactionHost } from '@nestjs-cls/transactional';
import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AfterCommitEventPublisher } from './after-commit-event-publisher';

/** The CQRS buses every module uses to talk to the others, with events held back until commit. */
@Global()
@Module({ imports: [CqrsModule.forRoot()], exports: [CqrsModule] })
export class MessagingModule implements OnModuleInit {
  constructor(
    private readonly eventBus: EventBus,
    private readonly txHost: TransactionHost,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const subject = this.eventBus.subject$;
    const publisher = new AfterCommitEventPublisher(this.txHost as never, (event) => subject.next(event));
    this.eventBus.publisher = publisher;
    this.dataSource.subscribers.push(publisher);
  }
}

import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../database/unit-of-work';
import { AfterCommitEventPublisher } from './after-commit-event-publisher';

/** The CQRS buses every module uses to talk to the others, with events held back until commit. */
@Global()
@Module({ imports: [CqrsModule.forRoot()], exports: [CqrsModule] })
export class MessagingModule implements OnModuleInit {
  constructor(
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  onModuleInit(): void {
    const subject = this.eventBus.subject$;
    this.eventBus.publisher = new AfterCommitEventPublisher(this.unitOfWork, (event) => subject.next(event));
  }
}

import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { type Category, MiniAppRegistered } from '../../../../shared/contracts/review';
import { newId } from '../../../../shared/kernel/ids';
import { conflict } from '../../../../shared/kernel/problem';
import { type MiniApp, ReviewStore } from '../ports/review-store';

export class RegisterMiniApp extends Command<MiniApp> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
    readonly name: string,
    readonly category: Category,
    readonly description: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterMiniApp)
export class RegisterMiniAppHandler implements ICommandHandler<RegisterMiniApp, MiniApp> {
  constructor(
    private readonly store: ReviewStore,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ developerId, slug, name, category, description }: RegisterMiniApp): Promise<MiniApp> {
    return this.unitOfWork.run(async () => {
      if (!(await this.store.insertMiniApp({ id: newId(), slug, name, category, description, developerId }))) {
        throw conflict('slug-taken', 'Slug taken', `A mini-app called ${slug} exists already; choose another slug.`);
      }
      const app = (await this.store.miniApp(slug))!;
      await this.eventBus.publish(
        new MiniAppRegistered({
          miniAppId: app.id,
          slug,
          category,
          developerId,
          registeredAt: app.createdAt.toISOString(),
        }),
      );
      return app;
    });
  }
}

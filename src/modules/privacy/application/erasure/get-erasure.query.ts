import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { type Erasure, Erasures } from '../ports/erasures';

export class GetErasure extends Query<Erasure | null> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetErasure)
export class GetErasureHandler implements IQueryHandler<GetErasure, Erasure | null> {
  constructor(
    private readonly erasures: Erasures,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ id }: GetErasure): Promise<Erasure | null> {
    return this.unitOfWork.run(() => this.erasures.find(id));
  }
}

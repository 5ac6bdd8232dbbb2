import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import type { User } from '../../domain/user';
import { UserRepository } from '../ports/user-repository';

export class GetUser extends Query<User> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(GetUser)
export class GetUserHandler implements IQueryHandler<GetUser, User> {
  constructor(private readonly users: UserRepository) {}

  async execute({ userId }: GetUser): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('The user');
    return user;
  }
}

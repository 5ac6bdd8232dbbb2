import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import { normalizeEmail } from '../../domain/email-address';
import { UserRepository } from '../ports/user-repository';

/** For operators (the CLI): resolves an e-mail address to the account id. */
export class FindUserIdByEmail extends Query<string> {
  constructor(readonly email: string) {
    super();
  }
}

@QueryHandler(FindUserIdByEmail)
export class FindUserIdByEmailHandler implements IQueryHandler<FindUserIdByEmail, string> {
  constructor(private readonly users: UserRepository) {}

  async execute({ email }: FindUserIdByEmail): Promise<string> {
    const id = await this.users.findIdByEmail(normalizeEmail(email));
    if (!id) throw notFound(`An account for ${email}`);
    return id;
  }
}

import { Inject } from '@nestjs/common';
import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { UserRegistered } from '../../../../shared/contracts/identity';
import { newId } from '../../../../shared/kernel/ids';
import { conflict, invalid } from '../../../../shared/kernel/problem';
import { normalizeEmail } from '../../domain/email-address';
import { normalizePassword, passwordViolations } from '../../domain/password-policy';
import { initialRoles, type User } from '../../domain/user';
import { CommonPasswords } from '../ports/common-passwords';
import { IdentityMetrics } from '../ports/identity-metrics';
import { PasswordHasher } from '../ports/password-hasher';
import { UserRepository } from '../ports/user-repository';

export class RegisterUser extends Command<User> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly displayName: string,
  ) {
    super();
  }
}

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser, User> {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly commonPasswords: CommonPasswords,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly metrics: IdentityMetrics,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ email: rawEmail, password, displayName }: RegisterUser): Promise<User> {
    this.metrics.signupStarted();
    const email = normalizeEmail(rawEmail);
    const weak = passwordViolations(password, {
      email,
      displayName,
      isCommon: (p) => this.commonPasswords.includes(p),
    });
    if (weak.length) {
      this.metrics.signupRejected('weak-password');
      throw invalid(
        'weak-password',
        'Password not accepted',
        `The password ${weak[0]}.`,
        weak.map((detail) => ({ pointer: '#/password', detail })),
      );
    }
    // Hash before the transaction: argon2 takes tens of milliseconds and must not hold a connection.
    const passwordHash = await this.hasher.hash(normalizePassword(password));
    const id = newId();
    const user = await this.unitOfWork.run(async () => {
      const adminEmail = this.config.ADMIN_EMAIL && normalizeEmail(this.config.ADMIN_EMAIL);
      const roles = initialRoles(email, adminEmail, await this.users.countWithRole('admin'));
      const inserted = await this.users.insert({ id, email, displayName, passwordHash, roles });
      if (!inserted) return null;
      const created = (await this.users.findById(id))!;
      await this.eventBus.publish(
        new UserRegistered({ userId: id, displayName, registeredAt: created.createdAt.toISOString() }),
      );
      return created;
    });
    if (!user) {
      this.metrics.signupRejected('email-taken');
      throw conflict(
        'email-taken',
        'E-mail already registered',
        'An account with this e-mail address exists; log in instead.',
      );
    }
    this.metrics.signupCompleted();
    return user;
  }
}

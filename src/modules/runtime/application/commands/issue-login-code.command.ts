import { randomBytes } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { secretHash } from '../../domain/server-secret';
import { OpenLaunches } from '../open-launches';
import { LoginCodes } from '../ports/login-codes';

/** A login code lives 60 s and works once (as WeChat's code2Session codes do). */
export const LOGIN_CODE_TTL_SECONDS = 60;

export class IssueLoginCode extends Command<{ code: string; expiresIn: number }> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
  ) {
    super();
  }
}

/** `superapp.login()`: a one-time code, bound to the launch and its mini-app, for the mini-app's backend to exchange. */
@CommandHandler(IssueLoginCode)
export class IssueLoginCodeHandler implements ICommandHandler<IssueLoginCode, { code: string; expiresIn: number }> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly codes: LoginCodes,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, launchId }: IssueLoginCode): Promise<{ code: string; expiresIn: number }> {
    const { launch } = await this.openLaunches.require(userId, launchId);
    const code = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + LOGIN_CODE_TTL_SECONDS * 1000);
    await this.unitOfWork.run(() =>
      this.codes.insert({
        codeHash: secretHash(code),
        launchId: launch.id,
        miniAppId: launch.miniAppId,
        userId,
        expiresAt,
      }),
    );
    return { code, expiresIn: LOGIN_CODE_TTL_SECONDS };
  }
}

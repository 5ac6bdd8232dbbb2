import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import type { Scope } from '../../../../shared/contracts/review';
import type { ServerCaller } from '../../../../shared/contracts/runtime';
import { invalid } from '../../../../shared/kernel/problem';
import { secretHash } from '../../domain/server-secret';
import { ConsentLedger } from '../ports/consent-ledger';
import { LoginCodes } from '../ports/login-codes';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { PairwiseIds } from '../ports/pairwise-ids';
import { scopeStates } from '../scope-states';

export interface Session {
  openid: string;
  /** The scopes the user has granted the mini-app, under the live manifest's purposes. */
  scopes: Scope[];
}

export class ExchangeLoginCode extends Command<Session> {
  constructor(
    readonly caller: ServerCaller,
    readonly code: string,
  ) {
    super();
  }
}

/**
 * A mini-app's backend trades a login code for the user's pairwise id (code2Session). Every
 * refusal is the same answer, so it tells nothing about the code's user, whether the code ever
 * existed, or which mini-app it was for.
 */
@CommandHandler(ExchangeLoginCode)
export class ExchangeLoginCodeHandler implements ICommandHandler<ExchangeLoginCode, Session> {
  constructor(
    private readonly codes: LoginCodes,
    private readonly directory: MiniAppDirectory,
    private readonly pairwiseIds: PairwiseIds,
    private readonly consents: ConsentLedger,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ caller, code }: ExchangeLoginCode): Promise<Session> {
    return this.unitOfWork.run(async () => {
      const redeemed = await this.codes.redeem(secretHash(code), caller.miniAppId, this.clock.now());
      const live = redeemed ? (await this.directory.byId(caller.miniAppId))?.live : null;
      if (!redeemed || !live) throw invalidCode();
      const granted = scopeStates(
        live.permissions,
        await this.consents.decisions(redeemed.userId, caller.miniAppId),
      ).filter((s) => s.state === 'granted');
      return {
        openid: await this.pairwiseIds.idFor(redeemed.userId, caller.miniAppId),
        scopes: granted.map((s) => s.scope),
      };
    });
  }
}

const invalidCode = () =>
  invalid(
    'invalid-code',
    'Invalid login code',
    "The code is unknown, used already, expired (codes live 60 s) or was issued to another mini-app; ask the user's mini-app for a new one.",
    [{ pointer: '#/code', detail: 'is not a valid login code for this mini-app' }],
  );

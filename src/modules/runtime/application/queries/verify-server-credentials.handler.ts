import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '../../../../platform/time/clock';
import { type ServerCaller, VerifyServerCredentials } from '../../../../shared/contracts/runtime';
import { secretMatches } from '../../domain/server-secret';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { ServerCredentials } from '../ports/server-credentials';

/** The runtime answers for every module's server routes: the client id is the mini-app's slug. */
@QueryHandler(VerifyServerCredentials)
export class VerifyServerCredentialsHandler implements IQueryHandler<VerifyServerCredentials, ServerCaller | null> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly credentials: ServerCredentials,
    private readonly clock: Clock,
  ) {}

  async execute({ clientId, clientSecret }: VerifyServerCredentials): Promise<ServerCaller | null> {
    const app = await this.directory.bySlug(clientId);
    const stored = app ? await this.credentials.find(app.miniAppId) : null;
    if (!app || !stored || !secretMatches(stored, clientSecret, this.clock.now())) return null;
    return { miniAppId: app.miniAppId, slug: app.slug };
  }
}

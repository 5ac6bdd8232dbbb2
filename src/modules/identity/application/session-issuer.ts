import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenService } from '../../../platform/auth/access-token.service';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { newId } from '../../../shared/kernel/ids';
import type { Role } from '../../../shared/kernel/roles';
import { SessionRepository } from './ports/session-repository';
import { Clock } from '../../../platform/time/clock';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** A refresh token is 256 random bits; only its SHA-256 is stored, so a database leak yields no usable token. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

@Injectable()
export class SessionIssuer {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly accessTokens: AccessTokenService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Stores a new refresh token in the family (inside the caller's unit of work) and signs an access token. */
  async issue(userId: string, roles: readonly Role[], familyId: string = newId()): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await this.sessions.insert({
      id: newId(),
      familyId,
      userId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(this.clock.now().getTime() + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const { accessToken, expiresIn } = await this.accessTokens.issue(userId, roles);
    return { accessToken, refreshToken, tokenType: 'Bearer', expiresIn };
  }
}

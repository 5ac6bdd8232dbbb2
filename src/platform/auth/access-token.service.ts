import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import type { Role } from '../../shared/kernel/roles';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { KeyRing, TOKEN_ALGORITHM } from './key-ring';

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
  tokenId: string;
}

/** Issues the short-lived access tokens that every module's routes accept. */
@Injectable()
export class AccessTokenService {
  constructor(
    private readonly keys: KeyRing,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async issue(subject: string, roles: readonly Role[]): Promise<IssuedAccessToken> {
    const tokenId = randomUUID();
    const expiresIn = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessToken = await new SignJWT({ roles: [...roles] })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: this.keys.signingKid, typ: 'JWT' })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setSubject(subject)
      .setJti(tokenId)
      .setIssuedAt()
      .setExpirationTime(`${expiresIn}s`)
      .sign(this.keys.signingKey);
    return { accessToken, expiresIn, tokenId };
  }
}

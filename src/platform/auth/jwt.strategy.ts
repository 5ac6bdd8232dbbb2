import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthenticatedUser } from '../../shared/kernel/authenticated-user';
import { isUuid } from '../../shared/kernel/ids';
import { isRole } from '../../shared/kernel/roles';
import { APP_CONFIG, type PlatformConfig } from '../config/app-config';
import { KeyRing, TOKEN_ALGORITHM } from './key-ring';

interface AccessTokenClaims {
  sub?: unknown;
  exp?: unknown;
  jti?: unknown;
  roles?: unknown;
}

/**
 * Verifies bearer tokens with passport-jwt: only ES256 (no `none`, no HMAC with a public key),
 * the key chosen by `kid` from our key ring, issuer, audience and expiry checked.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(keys: KeyRing, @Inject(APP_CONFIG) config: PlatformConfig) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [TOKEN_ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: 5, complete: false },
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (err: unknown, key?: never) => void) => {
        const key = keys.verificationKey(kidOf(rawToken));
        if (!key) return done(new Error('unknown signing key'));
        done(null, key as never);
      },
    });
  }

  validate(claims: AccessTokenClaims): AuthenticatedUser | false {
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === 'string') : [];
    // passport-jwt checks `exp` only when present: a token without one would never expire.
    if (typeof claims.exp !== 'number' || typeof claims.jti !== 'string') return false;
    if (typeof claims.sub !== 'string' || !isUuid(claims.sub) || !roles.every(isRole)) return false;
    return { id: claims.sub, roles: roles.filter(isRole), tokenId: claims.jti, expiresAt: claims.exp };
  }
}

function kidOf(rawToken: string): string | undefined {
  try {
    const header = JSON.parse(Buffer.from(rawToken.split('.')[0], 'base64url').toString('utf8')) as { kid?: unknown };
    return typeof header.kid === 'string' ? header.kid : undefined;
  } catch {
    return undefined;
  }
}

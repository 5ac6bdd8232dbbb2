import { createHash, createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { devKey } from '../../../platform/auth/dev-key-file';
import { parseEd25519Key } from '../../../platform/auth/key-material';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { type NoticeClaims, RuntimeSigner } from '../application/ports/runtime-signer';

/** A request token is good for this long: a backend refuses an older one (and may remember `jti`s that long against replays). */
const REQUEST_TOKEN_TTL_SECONDS = 60;
/** A notice is signed anew for each attempt: a backend refuses one signed longer ago than this. */
const NOTICE_TTL_SECONDS = 300;

/**
 * JWS with EdDSA under RUNTIME_SIGNING_KEY (production must set it; development generates one
 * into DATA_DIR). The public key is served at GET /runtime/jwks.json, its `kid` the JWK thumbprint.
 */
@Injectable()
export class Ed25519RuntimeSigner extends RuntimeSigner {
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, string>;

  constructor(@Inject(APP_CONFIG) private readonly config: PlatformConfig) {
    super();
    this.privateKey = parseEd25519Key(config.RUNTIME_SIGNING_KEY ?? devKey(config.DATA_DIR, 'RUNTIME_SIGNING_KEY'));
    const { crv, x } = createPublicKey(this.privateKey).export({ format: 'jwk' }) as Record<string, string>;
    // RFC 7638: the thumbprint hashes the required members, in this order, with no spaces.
    const kid = createHash('sha256')
      .update(JSON.stringify({ crv, kty: 'OKP', x }))
      .digest('base64url');
    this.jwk = { kty: 'OKP', crv, x, kid, alg: 'EdDSA', use: 'sig' };
  }

  launchData({
    miniApp,
    openid,
    launchedAt,
    expiresAt,
  }: {
    miniApp: string;
    openid: string;
    launchedAt: Date;
    expiresAt: Date;
  }): Promise<string> {
    return this.sign('superapp-launch+jwt', {}, { miniApp, openid, issuedAt: launchedAt, expiresAt });
  }

  requestToken({
    miniApp,
    openid,
    method,
    url,
    bodySha256,
    issuedAt,
  }: {
    miniApp: string;
    openid: string;
    method: string;
    url: string;
    bodySha256: string;
    issuedAt: Date;
  }): Promise<string> {
    return this.sign(
      'superapp-request+jwt',
      { htm: method, htu: url, bsh: bodySha256 },
      { miniApp, openid, issuedAt, expiresAt: new Date(issuedAt.getTime() + REQUEST_TOKEN_TTL_SECONDS * 1000) },
    );
  }

  notice({ miniApp, openid, event, noticeId, occurredAt, issuedAt }: NoticeClaims): Promise<string> {
    return this.sign(
      'superapp-notice+jwt',
      { event, occurredAt: occurredAt.toISOString() },
      {
        miniApp,
        openid,
        issuedAt,
        expiresAt: new Date(issuedAt.getTime() + NOTICE_TTL_SECONDS * 1000),
        jti: noticeId,
      },
    );
  }

  jwks(): { keys: Array<Record<string, string>> } {
    return { keys: [{ ...this.jwk }] };
  }

  private sign(
    typ: string,
    claims: Record<string, string>,
    {
      miniApp,
      openid,
      issuedAt,
      expiresAt,
      jti = randomUUID(),
    }: { miniApp: string; openid: string; issuedAt: Date; expiresAt: Date; jti?: string },
  ): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA', kid: this.jwk.kid, typ })
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(miniApp)
      .setSubject(openid)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(jti)
      .sign(this.privateKey);
  }
}

import { ApiProperty } from '@nestjs/swagger';
import type { StartedLaunch } from '../../application/commands/start-launch.command';
import { ScopeStateResponse } from './scope-state.response';

class LaunchedMiniAppResponse {
  @ApiProperty({ example: 'city-bikes' })
  slug: string;
  @ApiProperty()
  name: string;
  @ApiProperty()
  category: string;
}

export class LaunchResponse {
  @ApiProperty({
    description: 'Every runtime call names it; it answers until expiresAt, while the mini-app stays live',
  })
  launchId: string;
  @ApiProperty({ type: LaunchedMiniAppResponse })
  miniApp: LaunchedMiniAppResponse;
  @ApiProperty({ description: 'The version pinned for this launch' })
  version: string;
  @ApiProperty({ example: 'index.html' })
  entry: string;
  @ApiProperty({ example: '/mini-apps/city-bikes/versions/1.2.0/bundle' })
  bundleUrl: string;
  @ApiProperty({
    example: 'http://apps.localhost:3000/apps/city-bikes/9f86d08…/index.html',
    description: "The entry page on the mini-app origin, for the shell's sandboxed frame (the SDK is put first in it)",
  })
  frameUrl: string;
  @ApiProperty({ description: 'SHA-256 of the bundle, lower-case hex' })
  bundleDigest: string;
  @ApiProperty({ description: "The platform's Ed25519 signature of the digest (key: GET /review/signing-key)" })
  bundleSignature: string;
  @ApiProperty({
    type: [ScopeStateResponse],
    description: "The scopes the live manifest declares, with their purposes and the caller's grants",
  })
  scopes: ScopeStateResponse[];
  @ApiProperty({ type: [String], description: 'The origins superapp.request may reach' })
  domains: string[];
  @ApiProperty({
    description:
      'For the mini-app: a JWS (EdDSA, typ superapp-launch+jwt; key at GET /runtime/jwks.json) with sub = the pairwise id, aud = the slug, iat = the launch time, exp',
  })
  launchData: string;
  @ApiProperty()
  launchedAt: string;
  @ApiProperty()
  expiresAt: string;

  static from({ launch, app, scopes, launchData }: StartedLaunch, miniAppOrigin: string): LaunchResponse {
    return {
      launchId: launch.id,
      miniApp: { slug: app.slug, name: app.name, category: app.category },
      version: launch.version,
      entry: app.entry,
      bundleUrl: `/mini-apps/${app.slug}/versions/${launch.version}/bundle`,
      frameUrl: `${miniAppOrigin}/apps/${app.slug}/${launch.bundleDigest}/${app.entry.split('/').map(encodeURIComponent).join('/')}`,
      bundleDigest: launch.bundleDigest,
      bundleSignature: app.bundleSignature,
      scopes,
      domains: app.domains,
      launchData,
      launchedAt: launch.launchedAt.toISOString(),
      expiresAt: launch.expiresAt.toISOString(),
    };
  }
}

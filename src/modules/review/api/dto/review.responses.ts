import { ApiProperty } from '@nestjs/swagger';
import { CATEGORIES } from '../../../../shared/contracts/review';
import type { Finding, MiniApp, Version } from '../../application/ports/review-store';
import { VERSION_STATUSES } from '../../domain/version-status';

export class MiniAppResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'city-bikes' })
  slug: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ enum: CATEGORIES })
  category: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ nullable: true, type: String })
  liveVersion: string | null;
  @ApiProperty()
  createdAt: string;

  static from(app: MiniApp): MiniAppResponse {
    return {
      id: app.id,
      slug: app.slug,
      name: app.name,
      category: app.category,
      description: app.description,
      liveVersion: app.liveVersion,
      createdAt: app.createdAt.toISOString(),
    };
  }
}

export class FindingResponse {
  @ApiProperty({ example: 'dynamic-code' })
  ruleId: string;
  @ApiProperty({ enum: ['critical', 'warning'] })
  severity: string;
  @ApiProperty({ example: 'js/app.js' })
  file: string;
  @ApiProperty()
  line: number;
  @ApiProperty()
  column: number;
  @ApiProperty()
  snippet: string;
  @ApiProperty()
  message: string;
}

export class VersionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: '1.2.0' })
  version: string;
  @ApiProperty({ enum: VERSION_STATUSES })
  status: string;
  @ApiProperty({ description: 'SHA-256 of the uploaded .zip, lower-case hex' })
  bundleDigest: string;
  @ApiProperty()
  bundleBytes: number;
  @ApiProperty()
  fileCount: number;
  @ApiProperty({ type: 'object', additionalProperties: true })
  manifest: Record<string, unknown>;
  @ApiProperty({ type: [FindingResponse] })
  findings: Finding[];
  @ApiProperty({ nullable: true, type: [String] })
  reasons: string[] | null;
  @ApiProperty()
  submittedAt: string;

  static from(v: Version): VersionResponse {
    return {
      id: v.id,
      version: v.version,
      status: v.status,
      bundleDigest: v.bundleDigest,
      bundleBytes: v.bundleBytes,
      fileCount: v.fileCount,
      manifest: v.manifest,
      findings: v.findings,
      reasons: v.reasons,
      submittedAt: v.submittedAt.toISOString(),
    };
  }
}

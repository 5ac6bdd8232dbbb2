import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CurrentUser } from '../../../platform/auth/decorators';
import { PageQuery } from '../../../platform/http/page-query';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { forbidden } from '../../../shared/kernel/problem';
import { mayReview } from '../../../shared/kernel/roles';
import { CATEGORIES, CATEGORY_POLICY } from '../../../shared/contracts/review';
import { decodeOffsetCursor, encodeCursor } from '../../../shared/kernel/cursor';
import type { Listing } from '../application/ports/listing-store';
import { GetListing } from '../application/queries/get-listing.query';
import { SearchListings } from '../application/queries/search-listings.query';

class ListingsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Words to look for in names and descriptions', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: CATEGORIES, description: 'Only mini-apps of this category' })
  @IsOptional()
  @IsIn(CATEGORIES)
  category?: string;

  @ApiPropertyOptional({
    enum: ['live', 'qa'],
    default: 'live',
    description: 'qa: approved versions not yet live (reviewers and admins only)',
  })
  @IsOptional()
  @IsIn(['live', 'qa'])
  channel?: 'live' | 'qa';
}

class PermissionResponse {
  @ApiProperty({ example: 'location' })
  scope: string;
  @ApiProperty({ example: 'Show the bike stations near you' })
  purpose: string;
}

class ListingResponse {
  @ApiProperty({ example: 'city-bikes' })
  slug: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ enum: CATEGORIES })
  category: string;
  @ApiProperty()
  description: string;
  @ApiProperty({ description: 'The live version' })
  version: string;
  @ApiProperty({ example: 'index.html' })
  entry: string;
  @ApiProperty({ type: [PermissionResponse] })
  permissions: PermissionResponse[];
  @ApiProperty({ type: [String] })
  domains: string[];
  @ApiProperty({ description: 'Where the signed bundle is served' })
  bundleUrl: string;
  @ApiProperty({ description: 'SHA-256 of the bundle, lower-case hex' })
  bundleDigest: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "Ed25519 signature of the digest's 32 bytes, base64url (key: GET /review/signing-key); null in the QA channel",
  })
  signature: string | null;
  @ApiProperty({ description: 'When it went live (in the QA channel: when it was approved)' })
  publishedAt: string;

  static from(l: Listing): ListingResponse {
    return {
      slug: l.slug,
      name: l.name,
      category: l.category,
      description: l.description,
      version: l.version,
      entry: l.entry,
      permissions: l.permissions,
      domains: l.domains,
      bundleUrl: `/mini-apps/${l.slug}/versions/${l.version}/bundle`,
      bundleDigest: l.bundleDigest,
      signature: l.signature,
      publishedAt: l.publishedAt.toISOString(),
    };
  }
}

class ListingsResponse {
  @ApiProperty({ type: [ListingResponse] })
  items: ListingResponse[];
  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

class CategoryResponse {
  @ApiProperty({ enum: CATEGORIES })
  id: string;
  @ApiProperty({ type: [String], description: 'Scopes its mini-apps may request' })
  allowedScopes: string[];
}

@ApiTags('discovery')
@Controller('discovery')
export class DiscoveryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('mini-apps')
  @ApiOperation({
    operationId: 'searchMiniApps',
    summary:
      'Live mini-apps (or, for reviewers, the QA channel): full-text search over names and descriptions, by category',
    description:
      'Live mini-apps, or for reviewers and admins the QA channel: full-text search over names and descriptions, filtered by category, cursor-paged.',
  })
  @ApiOkResponse({ type: ListingsResponse })
  async list(@CurrentUser() caller: AuthenticatedUser, @Query() query: ListingsQuery): Promise<ListingsResponse> {
    const channel = query.channel ?? 'live';
    if (channel === 'qa' && !mayReview(caller.roles)) throw forbidden('The QA channel is for reviewers.');
    const limit = query.limit ?? 20;
    const offset = decodeOffsetCursor(query.cursor ?? null);
    const found = await this.queries.execute(
      new SearchListings({ channel, q: query.q, category: query.category, offset, limit: limit + 1 }),
    );
    return {
      items: found.slice(0, limit).map(ListingResponse.from),
      nextCursor: found.length > limit ? encodeCursor(String(offset + limit)) : null,
    };
  }

  @Get('mini-apps/:slug')
  @ApiOperation({
    operationId: 'getListing',
    summary: 'One live mini-app: manifest, live version, signed bundle, permissions with their purposes',
    description:
      "One live mini-app as the catalogue shows it: manifest, live version, the signed bundle's location and digest, and its permissions with their purposes.",
  })
  @ApiOkResponse({ type: ListingResponse })
  async get(@Param('slug') slug: string): Promise<ListingResponse> {
    return ListingResponse.from(await this.queries.execute(new GetListing(slug)));
  }

  @Get('categories')
  @ApiOperation({
    operationId: 'listCategories',
    summary: 'The fixed taxonomy of categories',
    description: 'The fixed taxonomy of mini-app categories, with the scopes each may request.',
  })
  @ApiOkResponse({ type: [CategoryResponse] })
  categories(): CategoryResponse[] {
    return CATEGORIES.map((id) => ({ id, allowedScopes: [...CATEGORY_POLICY[id]] }));
  }
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';

export const PROXY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]{0,8192}$/;
const MAX_HEADERS = 50;

/** A JSON object of header names (HTTP tokens) to values without control characters: anything else would break the request line by line. */
const IsHeaders = () =>
  ValidateBy({
    name: 'isHeaders',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.keys(value).length <= MAX_HEADERS &&
        Object.entries(value).every(([name, v]) => TOKEN.test(name) && typeof v === 'string' && FIELD_VALUE.test(v)),
      defaultMessage: () =>
        `must be an object of at most ${MAX_HEADERS} header names to string values, without control characters`,
    },
  });

export class ProxyRequestBody {
  @ApiProperty({
    example: 'https://api.citybikes.example/stations?near=52.5,13.4',
    description: "An https URL on one of the live manifest's domains",
  })
  @IsString()
  @MaxLength(4096)
  url: string;

  @ApiProperty({ enum: PROXY_METHODS })
  @IsIn(PROXY_METHODS)
  method: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Cookie, Authorization, hop-by-hop, forwarding and X-Superapp-* headers are dropped',
  })
  @IsOptional()
  @IsHeaders()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ description: 'At most 1 MiB once decoded' })
  @IsOptional()
  @IsString()
  body?: string;

  @ApiPropertyOptional({ enum: ['utf8', 'base64'], default: 'utf8' })
  @IsOptional()
  @IsIn(['utf8', 'base64'])
  bodyEncoding?: 'utf8' | 'base64';
}

export class ProxyResponse {
  @ApiProperty({ description: "The backend's status (redirects on the declared domains are followed)" })
  status: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Without Set-Cookie and hop-by-hop headers',
  })
  headers: Record<string, string>;
  @ApiProperty({ description: 'The body: text for textual content types, base64 otherwise' })
  body: string;
  @ApiProperty({ enum: ['utf8', 'base64'] })
  bodyEncoding: string;
}

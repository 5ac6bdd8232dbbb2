import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiHeader } from '@nestjs/swagger';

/** OpenAPI extensions the document builder (openapi-completion.ts) turns into responses and headers. */
export const IDEMPOTENT_EXTENSION = 'x-idempotent';
export const LOCATION_EXTENSION = 'x-location';
export const ETAG_EXTENSION = 'x-etag';
/** Marks the operation guarded by METRICS_TOKEN rather than a user's token. */
export const METRICS_TOKEN_EXTENSION = 'x-metrics-token';

/**
 * The operation needs an `Idempotency-Key` header: documents the header once, and makes the
 * document list the idempotency answers (409 in progress, 422 key reused) and `Idempotent-Replayed`.
 */
export const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: true,
      description:
        'A unique key per intended operation, 1 to 255 printable ASCII characters (e.g. a UUID); a retry with the same key and body answers the first response again.',
      schema: { type: 'string', maxLength: 255, example: '5f1c2a8e-3b7d-4e0a-9c61-7d2b4f8e1a90' },
    }),
    ApiExtension(IDEMPOTENT_EXTENSION, true),
  );

/** The success answer carries a `Location` header: where the resource it created (or the job it started) is found. */
export const ApiLocation = (description: string) => ApiExtension(LOCATION_EXTENSION, description);

/** The success answer carries an `ETag`, and a request with a matching `If-None-Match` answers 304. */
export const ApiETag = (description: string) => ApiExtension(ETAG_EXTENSION, description);

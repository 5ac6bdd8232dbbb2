import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';
import { Trim } from './trim';

/** A name people read: 1 to 100 characters after trimming, no control characters. */
export const DisplayName = () =>
  applyDecorators(
    Trim(),
    IsString(),
    Length(1, 100),
    Matches(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters' }),
  );

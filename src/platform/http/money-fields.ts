import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { MAX_AMOUNT } from '../../shared/kernel/money';

/** An amount in minor units (cents for EUR, yen for JPY): a positive whole number, as Stripe takes it. */
export const Amount = (options: { required: boolean } = { required: true }) =>
  applyDecorators(
    (options.required ? ApiProperty : ApiPropertyOptional)({
      example: 1250,
      minimum: 1,
      maximum: MAX_AMOUNT,
      description: 'Minor units of the currency (1250 EUR = €12.50)',
    }),
    IsInt({ message: 'must be a whole number of minor units (e.g. 1250 for 12.50)' }),
    Min(1, { message: 'must be positive' }),
    Max(MAX_AMOUNT, { message: `must be at most ${MAX_AMOUNT}` }),
  );

export const CurrencyCode = () =>
  applyDecorators(
    ApiProperty({ example: 'EUR', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
    Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as EUR' }),
  );

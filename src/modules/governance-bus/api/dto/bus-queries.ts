import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../../platform/http/page-query';
import { SUBSCRIBER_ID } from '../../../../platform/messaging/decorators';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/delivery-status';

const SubscriberId = () => Matches(SUBSCRIBER_ID, { message: 'must be a subscriber id such as wallet.open-wallet' });

export class EventsQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'identity.user-registered', description: 'Only events of this type' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type?: string;

  @ApiPropertyOptional({ description: 'aggregate id' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  key?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only events recorded at or after this instant' })
  @IsOptional()
  @IsDateString({ strict: true })
  since?: string;
}

export class DeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({
    enum: DELIVERY_STATUSES,
    description: 'Only deliveries in this state (failed: the dead-letter list)',
  })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({
    example: 'wallet.open-wallet-on-user-registered',
    description: "Only this subscriber's deliveries",
  })
  @IsOptional()
  @SubscriberId()
  subscriber?: string;

  @ApiPropertyOptional({ example: 'identity.user-registered', description: 'Only deliveries of events of this type' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type?: string;
}

export class RetryFilter {
  @ApiPropertyOptional({ description: "only this subscriber's failed deliveries" })
  @IsOptional()
  @SubscriberId()
  subscriber?: string;

  @ApiPropertyOptional({ description: 'only failed deliveries of this event type' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type?: string;
}

export class ReplayRequest {
  @ApiProperty({ example: 'wallet.open-wallet-on-user-registered' })
  @SubscriberId()
  subscriber: string;
}

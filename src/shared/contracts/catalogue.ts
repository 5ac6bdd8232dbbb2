import type { IntegrationEventClass } from '../kernel/integration-event';
import { ProfileUpdated, UserRegistered } from './identity';
import { OrderStateChanged } from './payments';
import {
  MiniAppRegistered,
  MiniAppUnpublished,
  VersionApproved,
  VersionInReview,
  VersionPublished,
  VersionRejected,
  VersionScanStarted,
  VersionSubmitted,
} from './review';
import { ConsentDenied, ConsentGranted, ConsentsExpired, ConsentWithdrawn, MiniAppLaunched } from './runtime';
import { MerchantAccountOpened, PaymentFailed, TransferCompleted, WalletOpened } from './wallet';

/**
 * Every integration event type of the platform, registered once. The governance bus refuses to
 * publish anything that is not listed here; a new version is a new entry, old ones stay.
 */
export const EVENT_CATALOGUE: readonly IntegrationEventClass<any>[] = [
  UserRegistered,
  WalletOpened,
  TransferCompleted,
  PaymentFailed,
  VersionSubmitted,
  VersionScanStarted,
  VersionInReview,
  VersionRejected,
  VersionApproved,
  VersionPublished,
  MiniAppUnpublished,
  ProfileUpdated,
  MiniAppRegistered,
  MiniAppLaunched,
  ConsentGranted,
  ConsentDenied,
  ConsentWithdrawn,
  ConsentsExpired,
  MerchantAccountOpened,
  OrderStateChanged,
];

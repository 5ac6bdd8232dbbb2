import { ExportIdentityPersonalData } from '../../../shared/contracts/identity';
import { ExportPaymentsPersonalData } from '../../../shared/contracts/payments';
import type { PersonalDataExportQuery } from '../../../shared/contracts/privacy';
import { ExportReviewPersonalData } from '../../../shared/contracts/review';
import { ExportRuntimePersonalData } from '../../../shared/contracts/runtime';
import { ExportWalletPersonalData } from '../../../shared/contracts/wallet';

/** The query each module that holds personal data answers with its part of a person's export. */
export const EXPORT_QUERIES: Readonly<Record<string, new (userId: string) => PersonalDataExportQuery>> = {
  identity: ExportIdentityPersonalData,
  runtime: ExportRuntimePersonalData,
  wallet: ExportWalletPersonalData,
  payments: ExportPaymentsPersonalData,
  review: ExportReviewPersonalData,
};

/**
 * Modules that hold personal data but give no section, each with the reason, which the archive
 * repeats: a test holds every module that declares personal data to one of the two lists.
 */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  'governance-bus':
    "its events and deliveries are transient copies of the other modules' facts (ids only, never contact data), keyed by whatever they are about (an order, an account, a mini-app), not by person; they are deleted within the bus's retention once delivered (see the record of processing), and every fact they carried is in the sections above",
  privacy:
    "its exports table holds the requests for this archive and the archives themselves: the request is described by the export (GET /privacy/me/exports/{id}) and an archive is not copied into the next one; its privacy report (GET /privacy/me) is a copy built from the runtime's and payments' events, whose records are in their sections above",
};

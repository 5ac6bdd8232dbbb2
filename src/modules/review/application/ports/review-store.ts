import type { Category } from '../../../../shared/contracts/review';
import type { VersionStatus } from '../../domain/version-status';

export interface MiniApp {
  id: string;
  slug: string;
  name: string;
  category: Category;
  description: string;
  developerId: string;
  liveVersion: string | null;
  /** When a reviewer or admin took it down; null when it is not down. */
  takenDownAt: Date | null;
  createdAt: Date;
}

export interface Finding {
  ruleId: string;
  severity: 'critical' | 'warning';
  file: string;
  line: number;
  column: number;
  snippet: string;
  message: string;
}

export interface Version {
  id: string;
  miniAppId: string;
  version: string;
  status: VersionStatus;
  manifest: Record<string, unknown>;
  bundleDigest: string;
  bundleBytes: number;
  fileCount: number;
  findings: Finding[];
  reasons: string[] | null;
  submittedBy: string;
  submittedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  signature: string | null;
  publishedAt: Date | null;
}

/** Review's tables; every call joins the current unit of work. */
export abstract class ReviewStore {
  /** Inserts the mini-app; false when the slug is taken. */
  abstract insertMiniApp(app: Omit<MiniApp, 'createdAt' | 'liveVersion' | 'takenDownAt'>): Promise<boolean>;
  abstract miniApp(slug: string): Promise<MiniApp | null>;
  abstract miniAppById(miniAppId: string): Promise<MiniApp | null>;
  /** Locks the mini-app until the unit of work ends: its versions are submitted (and go live) one at a time. */
  abstract lockMiniApp(miniAppId: string): Promise<void>;
  abstract versionNumbers(miniAppId: string): Promise<string[]>;
  abstract putBundle(digest: string, content: Buffer): Promise<void>;
  abstract bundle(digest: string): Promise<Buffer | null>;
  abstract insertVersion(
    version: Omit<
      Version,
      'submittedAt' | 'decidedBy' | 'decidedAt' | 'findings' | 'reasons' | 'status' | 'signature' | 'publishedAt'
    >,
  ): Promise<Version>;
  /**
   * Points the mini-app at one of its published versions (which lifts a take-down), or at none (a take-down).
   * Answers when, by the database's clock: the clock publications are stamped with, so listeners can order them all.
   */
  abstract setLiveVersion(miniAppId: string, version: string | null): Promise<Date>;
  /** approved → published with its signature, and the mini-app's live version set to it; null when it was not approved. */
  abstract publish(versionId: string, signature: string): Promise<Version | null>;
  abstract version(miniAppId: string, version: string): Promise<Version | null>;
  abstract versionById(versionId: string): Promise<Version | null>;
  /** Versions waiting for a reviewer, oldest first, with their mini-app's slug. */
  abstract inReview(limit: number): Promise<Array<Version & { slug: string }>>;
  /** Versions in `status` since longer than `olderThanMs`: work a stage lost (Redis flushed, a worker died). */
  abstract stale(status: VersionStatus, olderThanMs: number, limit: number): Promise<string[]>;
  /** Moves a version from one status to the next; null when it was not in `from` any more (someone else moved it). */
  abstract transition(
    versionId: string,
    from: VersionStatus,
    to: VersionStatus,
    changes?: { findings?: Finding[]; reasons?: string[]; decidedBy?: string },
  ): Promise<Version | null>;
}

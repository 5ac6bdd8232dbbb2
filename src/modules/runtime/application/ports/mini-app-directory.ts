import type { LiveMiniApp } from '../../domain/live-mini-app';

/** A mini-app as the runtime knows it, live or not. */
export interface KnownMiniApp {
  miniAppId: string;
  slug: string;
  ownerId: string | null;
  /** Null when nothing of it is live. */
  live: LiveMiniApp | null;
}

/** A version going live: its manifest, and when (an older publication never replaces a newer one). */
export type Publication = LiveMiniApp & { liveSince: Date };

/** The runtime's read model of review's mini-apps (schema `runtime`); writes join the current unit of work. */
export abstract class MiniAppDirectory {
  abstract registered(app: { miniAppId: string; slug: string; category: string; ownerId: string }): Promise<void>;
  /** Makes the version live, unless a later change is applied already; false when it was older. */
  abstract published(publication: Publication): Promise<boolean>;
  abstract takenDown(miniAppId: string, slug: string, at: Date): Promise<void>;
  abstract bySlug(slug: string): Promise<KnownMiniApp | null>;
  /**
   * `bySlug` holding the row (FOR SHARE) until the unit of work ends: a publication of the
   * mini-app waits for it, or it waits for the publication and reads what that made live.
   */
  abstract bySlugHeld(slug: string): Promise<KnownMiniApp | null>;
  abstract byId(miniAppId: string): Promise<KnownMiniApp | null>;
}

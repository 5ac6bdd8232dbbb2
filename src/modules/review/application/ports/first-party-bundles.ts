import type { FirstPartyBundle } from '../../domain/first-party';

/** The platform's own mini-apps, packed by the build. */
export abstract class FirstPartyBundles {
  abstract list(): FirstPartyBundle[];
}

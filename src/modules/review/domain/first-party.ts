/**
 * The principals the platform acts as when it ships its own mini-apps on a development start. Not
 * people: no sign-in yields these ids (identity's are random), so nobody can act for them over HTTP;
 * they exist so that review's records say who did what, as for any developer and reviewer.
 */
export const FIRST_PARTY_DEVELOPER_ID = '00000000-0000-4000-8000-00000000f1a5';
export const DEVELOPMENT_REVIEWER_ID = '00000000-0000-4000-8000-00000000f1a6';

/** A mini-app of the platform's own, as the build packs it (dist/mini-apps/<slug>.zip and <slug>.json). */
export interface FirstPartyBundle {
  slug: string;
  version: string;
  name: string;
  category: string;
  description: string;
  bundle: Buffer;
}

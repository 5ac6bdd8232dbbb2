import type { RandomInt } from '../../domain/random-int';

/** Where the noise's randomness comes from: `crypto.randomInt` in every deployable. */
export abstract class NoiseSource {
  abstract readonly randomInt: RandomInt;
}

import { randomInt } from 'node:crypto';

/** A uniform integer in [0, maxExclusive): the only source of randomness the samplers use. */
export type RandomInt = (maxExclusive: number) => number;

/** The operating system's CSPRNG (`crypto.randomInt`), for every real release. */
export const cryptoRandomInt: RandomInt = (maxExclusive) => randomInt(maxExclusive);

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The keys the platform signs with, by the variable that carries each in production. */
export type SigningKeyName =
  | 'JWT_PRIVATE_KEY'
  | 'REVIEW_SIGNING_KEY'
  | 'RUNTIME_SIGNING_KEY'
  | 'RUNTIME_PAIRWISE_KEY'
  | 'PAYMENTS_SECRET_KEY'
  | 'IDENTITY_HASH_KEY';

const newPkcs8Pem = (pair: {
  privateKey: { export(options: { type: 'pkcs8'; format: 'pem' }): string | Buffer };
}): string => pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** How each key is made, and the file development keeps it in: the one generator of every key. */
const SIGNING_KEYS: Readonly<Record<SigningKeyName, { file: string; generate: () => string }>> = {
  JWT_PRIVATE_KEY: {
    file: 'jwt-es256-private.pem',
    generate: () => newPkcs8Pem(generateKeyPairSync('ec', { namedCurve: 'P-256' })),
  },
  REVIEW_SIGNING_KEY: {
    file: 'review-ed25519-private.pem',
    generate: () => newPkcs8Pem(generateKeyPairSync('ed25519')),
  },
  RUNTIME_SIGNING_KEY: {
    file: 'runtime-ed25519-private.pem',
    generate: () => newPkcs8Pem(generateKeyPairSync('ed25519')),
  },
  RUNTIME_PAIRWISE_KEY: { file: 'runtime-pairwise.key', generate: () => newSecret() },
  PAYMENTS_SECRET_KEY: { file: 'payments-secret.key', generate: () => newSecret() },
  IDENTITY_HASH_KEY: { file: 'identity-hash.key', generate: () => newSecret() },
};

/** 32 random bytes, base64: a symmetric key or a password nobody types. */
export const newSecret = (): string => randomBytes(32).toString('base64');

/** A fresh key of this kind, in the form its variable takes (PKCS#8 PEM, or 32 bytes base64). */
export function newSigningKey(name: SigningKeyName): string {
  return SIGNING_KEYS[name].generate();
}

/** Every key production requires, freshly generated: for processes started in production mode by tests and benches. */
export function newSigningKeys(): Record<SigningKeyName, string> {
  return Object.fromEntries(
    Object.keys(SIGNING_KEYS).map((name) => [name, newSigningKey(name as SigningKeyName)]),
  ) as Record<SigningKeyName, string>;
}

/**
 * The development key of this kind, kept in `DATA_DIR/keys/<file>`: generated on first use
 * (readable by this user only), read back on every later start. Production passes its keys in
 * the environment instead (a generated key differs per instance and per volume).
 */
export function devKey(dataDir: string, name: SigningKeyName): string {
  const { file, generate } = SIGNING_KEYS[name];
  return devKeyFile(dataDir, file, generate);
}

/** A development secret in `DATA_DIR/keys/<fileName>`, made once by `generate` and read back after. */
export function devKeyFile(dataDir: string, fileName: string, generate: () => string): string {
  const dir = join(dataDir, 'keys');
  const file = join(dir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, generate(), { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error; // another process wrote it first: use theirs
    }
  }
  return readFileSync(file, 'utf8');
}

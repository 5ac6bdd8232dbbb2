import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A development key kept in `DATA_DIR/keys/<fileName>`: generated on first use (readable by this
 * user only), read back on every later start. Production passes its keys in the environment
 * instead (a generated key differs per instance and per volume).
 */
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

/** A fresh Ed25519 private key, PKCS#8 PEM. */
export const newEd25519Pem = (): string => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

/** A fresh 256-bit secret, base64. */
export const newSecret = (): string => randomBytes(32).toString('base64');

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM certificate and its key, as files. */
export interface CertificateFiles {
  cert: string;
  key: string;
}

/**
 * A certificate authority made for one test file with the `openssl` CLI, in a temporary directory:
 * a server certificate for 127.0.0.1 and client certificates with subject `CN=<name>`, valid for
 * a day, forgotten with the directory.
 */
export class ThrowawayCa {
  private serial = 1;

  private constructor(
    readonly dir: string,
    readonly name: string,
  ) {}

  /** `<name>.pem`, the CA's certificate: what a server or a client checks the other's against. */
  get caFile(): string {
    return join(this.dir, `${this.name}.pem`);
  }

  static create(name = 'ca', dir = mkdtempSync(join(tmpdir(), 'superapp-ca-'))): ThrowawayCa {
    const ca = new ThrowawayCa(dir, name);
    openssl(['req', '-x509', ...newKey(join(dir, `${name}.key`)), '-out', ca.caFile, '-days', '1'], `/CN=${name}`);
    return ca;
  }

  /** The server's certificate: for 127.0.0.1 and localhost. */
  server(): CertificateFiles {
    return this.issue('server', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  }

  /** A client certificate with subject `CN=<commonName>`. */
  client(commonName: string): CertificateFiles {
    return this.issue(commonName, 'extendedKeyUsage=clientAuth\n');
  }

  private issue(commonName: string, extensions: string): CertificateFiles {
    const base = join(this.dir, `${this.name}-${commonName}`);
    const files = { cert: `${base}.pem`, key: `${base}.key` };
    writeFileSync(`${base}.ext`, extensions);
    openssl(['req', ...newKey(files.key), '-out', `${base}.csr`], `/CN=${commonName}`);
    openssl([
      'x509',
      '-req',
      '-in',
      `${base}.csr`,
      '-CA',
      this.caFile,
      '-CAkey',
      join(this.dir, `${this.name}.key`),
      '-set_serial',
      String(this.serial++),
      '-days',
      '1',
      '-extfile',
      `${base}.ext`,
      '-out',
      files.cert,
    ]);
    return files;
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const newKey = (keyFile: string) => [
  '-newkey',
  'ec',
  '-pkeyopt',
  'ec_paramgen_curve:P-256',
  '-nodes',
  '-keyout',
  keyFile,
];

function openssl(args: string[], subject?: string): void {
  execFileSync('openssl', subject ? [...args, '-subj', subject] : args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

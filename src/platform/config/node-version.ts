/** The Node.js major the platform is built, tested and shipped on (ADR 0014; `.nvmrc` says the same). */
export const SUPPORTED_NODE_MAJOR = 24;

export type NodeVersionVerdict = { ok: true } | { ok: false; fatal: boolean; message: string };

/**
 * An older Node is refused: it is out of support and NestJS 12 needs 22 at least. A newer one runs,
 * with a warning, since nothing here is tested on it.
 */
export function judgeNodeVersion(version: string): NodeVersionVerdict {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  if (major === SUPPORTED_NODE_MAJOR) return { ok: true };
  const how = `run it through npm (\`npm start\`, \`npm run cli\`), which uses the Node ${SUPPORTED_NODE_MAJOR} that \`npm ci\` installs, or install Node ${SUPPORTED_NODE_MAJOR} LTS`;
  if (major < SUPPORTED_NODE_MAJOR)
    return {
      ok: false,
      fatal: true,
      message: `This platform needs Node.js ${SUPPORTED_NODE_MAJOR}; this is ${version}: ${how}.`,
    };
  return {
    ok: false,
    fatal: false,
    message: `This platform is tested on Node.js ${SUPPORTED_NODE_MAJOR}; this is ${version}, which may work but is untested.`,
  };
}

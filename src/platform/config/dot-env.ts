/**
 * Reads `.env` from the working directory when there is one, with Node's own parser: a variable
 * the environment already has keeps its value (an empty one too, which counts as unset: so
 * `DATABASE_URL= npm start` runs the embedded database whatever `.env` says).
 */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
}

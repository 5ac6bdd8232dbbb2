/** Progress goes to stderr: stdout carries only the result line. */
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

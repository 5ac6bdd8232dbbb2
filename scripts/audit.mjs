// `npm run audit`: a vulnerability gate for pipelines. Fails (1) when a production dependency has a
// known vulnerability at or above the level (`--audit-level=<info|low|moderate|high|critical>`, default
// high), and fails too (2), with one line saying so, when no advisory source answered: a gate that could
// not look must never pass. Plain `npm audit` exits 1 for both, and some npm versions have passed silently
// when offline; this script reads its JSON report to tell the cases apart (ADR 0023).
import { spawnSync } from 'node:child_process';

const LEVELS = ['info', 'low', 'moderate', 'high', 'critical'];
const levelArgument = process.argv.slice(2).find((arg) => arg.startsWith('--audit-level='));
const level = levelArgument ? levelArgument.split('=')[1] : 'high';
if (!LEVELS.includes(level)) {
  process.stderr.write(`audit: --audit-level must be one of ${LEVELS.join(', ')}\n`);
  process.exit(2);
}

// The lock file is the truth of what ships (npm ci installs exactly it); dev dependencies do not ship.
const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
const run = spawnSync(npm[0], [...npm[1], 'audit', '--json', '--omit=dev', '--package-lock-only'], {
  encoding: 'utf8',
  timeout: 120_000,
  maxBuffer: 64 * 1024 * 1024,
});

let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}
if (!report || report.auditReportVersion === undefined || !report.metadata?.vulnerabilities) {
  const reason =
    report?.message ??
    report?.error?.summary ??
    run.error?.message ??
    (run.stderr.trim().split('\n').pop() || `npm audit exited ${run.status}`);
  process.stderr.write(
    `audit: FAILED, no advisory source answered, so the dependencies were not checked (${reason})\n`,
  );
  process.exit(2);
}

const atOrAbove = (severity) => LEVELS.indexOf(severity) >= LEVELS.indexOf(level);
const found = Object.values(report.vulnerabilities).filter((vulnerability) => atOrAbove(vulnerability.severity));
const counts = report.metadata.vulnerabilities;
const summary = LEVELS.map((severity) => `${counts[severity] ?? 0} ${severity}`).join(', ');
if (found.length) {
  for (const vulnerability of found) {
    const advisories = vulnerability.via
      .filter((via) => typeof via === 'object')
      .map((via) => `${via.title} (${via.url})`);
    const through = vulnerability.via.filter((via) => typeof via === 'string');
    process.stdout.write(
      `${vulnerability.severity}\t${vulnerability.name}\t${advisories.length ? advisories.join('; ') : `through ${through.join(', ')}`}\n`,
    );
  }
  process.stderr.write(
    `audit: FAILED, ${found.length} production package(s) vulnerable at ${level} or above (${summary})\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `audit: passed, no production package vulnerable at ${level} or above (${summary}; ${report.metadata.dependencies?.prod ?? '?'} production packages checked)\n`,
);

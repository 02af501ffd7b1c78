/**
 * `npm test`: runs every test/**\/*.test.ts with node:test, files in parallel, and ends with the plain line
 * `N passed, N failed, N skipped (sqlite, postgres, chromium)` whose start CI reads; the parentheses name the databases
 * and the browser that some test actually ran on (docs/decisions/090-test-run-contract.md). Browser tests need the
 * dashboard built, so it is built first.
 */
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = testFiles(join(root, 'test'))
  .filter((f) => filter.length === 0 || filter.some((part) => relative(root, f).includes(part)))
  .sort();

if (files.some((f) => f.includes('/e2e/'))) {
  execSync('npm run build:web --silent', { cwd: root, stdio: 'inherit' });
}

// Each test process appends what it used (dialects.ts `ran`) to this file.
const ranDir = mkdtempSync(join(tmpdir(), 'duar-test-run-'));
process.env.DUAR_TEST_RAN_FILE = join(ranDir, 'ran');
const BACKENDS = ['sqlite', 'postgres', 'chromium'];

let passed = 0;
let failed = 0;
let skipped = 0;
const stream = run({ files, concurrency: 2, timeout: 5 * 60_000 });
stream.on('test:pass', (data) => {
  if ((data.details as { type?: string }).type === 'suite') return;
  if (data.skip || data.todo) skipped++;
  else passed++;
});
stream.on('test:fail', (data) => {
  if ((data.details as { type?: string }).type === 'suite') return;
  failed++;
});
stream.compose(new spec()).pipe(process.stdout);
stream.on('end', () => {
  // Let the reporter flush before the summary line.
  setImmediate(() => {
    const used = existsSync(process.env.DUAR_TEST_RAN_FILE!) ? readFileSync(process.env.DUAR_TEST_RAN_FILE!, 'utf8').split('\n') : [];
    rmSync(ranDir, { recursive: true, force: true });
    const names = BACKENDS.filter((b) => used.includes(b));
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped (${names.join(', ') || 'no database, no browser'})\n`);
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
  });
});

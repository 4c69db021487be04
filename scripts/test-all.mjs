#!/usr/bin/env node
// `npm test`: type-check, lint, format check, fresh builds for Chromium and Firefox, unit tests, end-to-end tests in
// real Chromium and Firefox ESR, then the Firefox build through web-ext lint.
// Ends with one line for the whole run, `N passed, N failed`, so a run that tested nothing shows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = mkdtempSync(join(tmpdir(), 'gloss-test-'));
let passed = 0;
let failed = 0;
let broken = false;

function run(label, cmd, args) {
  console.log(`\n── ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) console.log(`── ${label} exited with ${r.status ?? r.signal}`);
  return r.status === 0;
}

function vitest(label, config) {
  const report = join(out, `${label}.json`);
  const ok = run(label, 'npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A file that fails to load has no failed test but did not pass either.
    const failedSuites = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length;
    failed += failedSuites;
    if (r.numTotalTests === 0) broken = true;
  } catch {
    failed += 1;
  }
  if (!ok) broken = true;
}

// Each check counts once: type-check, lint (with the layer rules), formatting.
for (const [label, args] of [
  ['typecheck', ['tsc', '--noEmit']],
  ['eslint', ['eslint', '.']],
  ['prettier', ['prettier', '--check', '.']],
]) {
  if (run(label, 'npx', args)) passed += 1;
  else {
    failed += 1;
    broken = true;
  }
}
// Built first: unit tests check the generated manifest, e2e tests load the extension.
const built = run('build', 'npx', ['wxt', 'build']);
if (!built) {
  failed += 1;
  broken = true;
}
const firefoxBuilt = run('firefox build', 'npx', ['wxt', 'build', '-b', 'firefox']);
vitest('unit', 'vitest.config.ts');
if (built && firefoxBuilt) vitest('e2e', 'vitest.e2e.config.ts');

// The Firefox build must pass Mozilla's linter too (errors fail; warnings are printed).
const firefox = firefoxBuilt && run('web-ext lint', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--self-hosted']);
if (firefox) passed += 1;
else {
  failed += 1;
  broken = true;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(broken || failed > 0 || passed === 0 ? 1 : 0);

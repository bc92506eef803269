import { formatProblems, getTotals, lint, loadConfig } from '@redocly/openapi-core';
import { resolve } from 'node:path';

/**
 * Lints openapi/openapi.json with Redocly's rules (the engine of
 * `redocly lint`), as configured in redocly.yaml; fails on any error.
 */
async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const config = await loadConfig({ configPath: resolve(root, 'redocly.yaml') });
  const problems = await lint({ ref: resolve(root, 'openapi/openapi.json'), config });
  const totals = getTotals(problems);
  formatProblems(problems, { totals, version: 'openapi-core', format: 'stylish', color: false, cwd: root });
  console.log(`openapi/openapi.json: ${totals.errors} error(s), ${totals.warnings} warning(s)`);
  if (totals.errors > 0) process.exit(1);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});

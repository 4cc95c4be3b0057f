import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

/**
 * Builds the production workflow bundle (dist/workflow-bundle.js), part of `npm run build`. A
 * worker given WORKFLOW_BUNDLE_PATH starts without webpack and runs exactly the code that was
 * built and tested.
 */
async function main(): Promise<void> {
  const out = process.argv[2] ?? join(__dirname, '..', 'workflow-bundle.js');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve('../workflows'), logger: new DefaultLogger('WARN') });
  await writeFile(out, code);
  process.stdout.write(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bundling workflows failed: ${(err as Error).message}\n`);
  process.exit(1);
});

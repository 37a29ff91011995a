/**
 * Measures a vertical's model on a labelled test file, through the same fitting and inference code as the service.
 *   npm run evaluate -- customer-service <sentiment|intent> [--train <file>] --test <file> [--version <n>] [--models <dir>] [--hf-model <dir>]
 * Files: CSV with header text,label, or JSONL {"text","label"}. The last line printed is `accuracy=<x> macro_f1=<y>`.
 */
import { Command, InvalidArgumentError } from 'commander';
import { evaluateCustomerService } from './customer-service.evaluation';

const program = new Command()
  .name('evaluate')
  .description('Evaluate a model on a labelled test file (CSV text,label or JSONL)')
  .argument('<vertical>', 'customer-service')
  .argument('<model>', 'sentiment | intent')
  .requiredOption('--test <file>', 'labelled test file')
  .option('--train <file>', 'fit a new version from this file first (as POST .../training-sets does), into a temporary repository')
  .option('--version <n>', 'model version to measure (default: the highest in the repository)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
    return n;
  })
  .option('--models <dir>', 'model repository (default: the repo\'s models/)')
  .option('--hf-model <dir>', 'sentiment only: a local Hugging Face text-classification folder to measure instead')
  .action(async (vertical: string, model: string, options: { test: string; train?: string; version?: number; models?: string; hfModel?: string }) => {
    if (vertical !== 'customer-service') throw new InvalidArgumentError(`unknown vertical "${vertical}"; known: customer-service`);
    if (model !== 'sentiment' && model !== 'intent') throw new InvalidArgumentError(`unknown model "${model}"; expected sentiment or intent`);
    const report = await evaluateCustomerService({ kind: model, ...options });
    process.stdout.write(`${report}\n`);
  });

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`evaluate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

/**
 * Uploads a labelled training set to a running customer-service, follows the fitting job with a progress bar,
 * prints the held-out metrics and optionally activates the new version.
 *   npm run cs:train -- --kind intent --file data.csv [--url http://127.0.0.1:3101] [--api-key vk_...] [--activate]
 *                       [--custom-labels] [--include-feedback]
 * The API key may also come from CS_API_KEY.
 */
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { Presets, SingleBar } from 'cli-progress';

interface TrainOptions {
  kind: string;
  file: string;
  url: string;
  apiKey?: string;
  activate?: boolean;
  customLabels?: boolean;
  includeFeedback?: boolean;
  pollMs: number;
}

interface JobView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  progress: number;
  stage: string;
  modelVersion: number | null;
  error: string | null;
  metrics: { accuracy: number; macroF1: number; count: number; perClass: Record<string, { precision: number; recall: number; f1: number; support: number }> } | null;
}

const SEGMENT: Record<string, string> = { intent: 'intents', sentiment: 'sentiment' };

async function call<T>(url: string, apiKey: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { 'X-API-Key': apiKey, ...(init.headers as Record<string, string>) } });
  const body = (await response.json().catch(() => ({}))) as T & { detail?: string; errors?: { field: string; message: string }[] };
  if (!response.ok) {
    const rows = (body.errors ?? []).map((e) => `  ${e.field}: ${e.message}`).join('\n');
    throw new Error(`${init.method ?? 'GET'} ${url} -> ${response.status}: ${body.detail ?? response.statusText}${rows ? `\n${rows}` : ''}`);
  }
  return body;
}

async function train(options: TrainOptions): Promise<void> {
  const segment = SEGMENT[options.kind];
  if (!segment) throw new InvalidArgumentError('--kind must be intent or sentiment');
  const apiKey = options.apiKey ?? process.env['CS_API_KEY'];
  if (!apiKey) throw new Error('an API key is needed: --api-key or CS_API_KEY');
  const base = options.url.replace(/\/$/, '');
  const content = await readFile(options.file, 'utf8');
  const contentType = /\.(jsonl|ndjson)$/i.test(options.file) ? 'application/x-ndjson' : 'text/csv';
  const query = new URLSearchParams();
  if (options.customLabels) query.set('labels', 'custom');
  if (options.includeFeedback) query.set('includeFeedback', 'true');
  const created = await call<JobView>(`${base}/v1/${segment}/training-sets?${query}`, apiKey, { method: 'POST', body: content, headers: { 'content-type': contentType } });
  process.stdout.write(`job ${created.id} queued\n`);

  const bar = new SingleBar({ format: 'fitting [{bar}] {percentage}% | {stage}', hideCursor: true }, Presets.shades_classic);
  bar.start(100, 0, { stage: created.stage });
  let job = created;
  try {
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
      job = await call<JobView>(`${base}/v1/${segment}/training-sets/${created.id}`, apiKey);
      bar.update(Math.round(job.progress * 100), { stage: job.stage });
    }
  } finally {
    bar.stop();
  }
  if (job.status === 'failed') throw new Error(`job ${job.id} failed: ${job.error}`);
  const m = job.metrics;
  process.stdout.write(`version ${job.modelVersion} fitted; held-out (n=${m?.count}) accuracy=${m?.accuracy} macro_f1=${m?.macroF1}\n`);
  for (const [label, c] of Object.entries(m?.perClass ?? {})) {
    process.stdout.write(`  ${label.padEnd(18)} precision ${c.precision.toFixed(3)}  recall ${c.recall.toFixed(3)}  f1 ${c.f1.toFixed(3)}  n=${c.support}\n`);
  }
  if (options.activate) {
    await call(`${base}/v1/${segment}/models/${job.modelVersion}/activate`, apiKey, { method: 'POST' });
    process.stdout.write(`version ${job.modelVersion} is now active\n`);
  } else {
    process.stdout.write(`activate with: POST ${base}/v1/${segment}/models/${job.modelVersion}/activate\n`);
  }
}

new Command()
  .name('cs:train')
  .description('Fit a customer-service model version from a labelled file on a running service')
  .requiredOption('--kind <kind>', 'intent | sentiment')
  .requiredOption('--file <file>', 'CSV (text,label) or JSONL')
  .option('--url <url>', 'service base URL', 'http://127.0.0.1:3101')
  .option('--api-key <key>', 'X-API-Key with models:train (admin); default $CS_API_KEY')
  .option('--activate', 'activate the new version when the fit succeeds')
  .option('--custom-labels', 'intents: accept labels outside the support taxonomy')
  .option('--include-feedback', 'add agents\' corrected labels to the fit')
  .option('--poll-ms <ms>', 'status polling interval', (v) => Number(v), 500)
  .action((options: TrainOptions) => train(options))
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    process.stderr.write(`cs:train: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });

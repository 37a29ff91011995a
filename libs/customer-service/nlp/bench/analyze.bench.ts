/**
 * Throughput of TextAnalysisService.analyze() on the default models: closed-loop clients, each awaiting one
 * message at a time (what REST handlers do). Usage:
 *   node tools/run.cjs libs/customer-service/nlp/bench/analyze.bench.ts [--clients 64] [--seconds 10] [--version N]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { createInferenceEngine } from '@verticals/inference';
import { MODEL_NAMES, ModelCatalogService, TextAnalysisService, seedModelRepository } from '../src/index';

const SEED = resolve(__dirname, '../../../../models');
const MESSAGES = [
  'This is ridiculous, my order still has not arrived after two weeks!',
  'Thank you so much, that was really helpful!',
  'How do I reset my password?',
  'I was charged twice for the same order, please refund one of the payments as soon as possible.',
  'Can I return the blue jacket if it does not fit? I ordered a medium but I think I need a large.',
  'I want to talk to a real person',
  'Does the X200 blender work with 110V outlets in the US?',
  '@shop my parcel has been stuck in customs for 9 days now... any update?? #frustrated',
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const clients = arg('clients', 64);
  const seconds = arg('seconds', 10);
  const runtime = mkdtempSync(join(tmpdir(), 'cs-nlp-bench-'));
  const seeded = seedModelRepository(SEED, runtime);
  const pinned = arg('version', 0);
  if (pinned > 0) {
    seeded.sentiment = seeded.sentiment.filter((v) => v <= pinned);
    seeded.intent = seeded.intent.filter((v) => v <= pinned);
  }
  const options = { repositoryPath: runtime, seedRepositoryPath: SEED, seeded };
  const engine = await createInferenceEngine({ repositoryPath: runtime, models: Object.values(MODEL_NAMES), versionPolicy: 'all' });
  const catalog = new ModelCatalogService(options, engine, new DataSource({ type: 'postgres' }));
  const analysis = new TextAnalysisService(engine, catalog, options, null);
  const first = await analysis.analyze(MESSAGES[0] as string);
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const text = MESSAGES[next++ % MESSAGES.length] as string;
        const t0 = performance.now();
        await analysis.analyze(text);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] as number).toFixed(2);
  console.log(`models ${first.sentiment.model} ${first.intent.model}; ${clients} clients, ${elapsed.toFixed(1)} s`);
  console.log(`analyze_msgs_s=${Math.round(latencies.length / elapsed)} p50_ms=${pct(0.5)} p99_ms=${pct(0.99)}`);
  await engine.close();
  rmSync(runtime, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

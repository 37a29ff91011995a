/**
 * CPU time of featurizing one message for both default v2 models (sentiment + intent), by message length: the
 * figures behind TextModelPredictor's `offloadMinChars`. Every text is unique (the featurizers memoize recent
 * texts). Process CPU time, not wall time, so a loaded machine distorts it less. Usage: node tools/run.cjs libs/customer-service/nlp/bench/featurization.bench.ts [--rounds 200]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TextFeaturizer, parseTextFeaturizerConfig } from '@verticals/text-models';
import { MODEL_NAMES } from '../src/index';

const MODELS = resolve(__dirname, '../../../../models');
const SENTENCE = 'My parcel from order 48213 still has not arrived and nobody answers my emails, please refund me. ';

function featurizer(name: string): TextFeaturizer {
  const config = JSON.parse(readFileSync(join(MODELS, name, '2', 'model.json'), 'utf8')) as { preprocessing: Record<string, unknown> };
  return new TextFeaturizer(parseTextFeaturizerConfig(config.preprocessing));
}

function main(): void {
  const i = process.argv.indexOf('--rounds');
  const rounds = i > 0 ? Number(process.argv[i + 1]) : 200;
  const featurizers = [featurizer(MODEL_NAMES.sentiment), featurizer(MODEL_NAMES.intent)];
  for (const length of [30, 100, 400, 1000, 4000]) {
    const texts = Array.from({ length: rounds + 20 }, (_, r) => `${r} ${SENTENCE.repeat(Math.ceil(length / SENTENCE.length))}`.slice(0, length));
    for (const text of texts.slice(0, 20)) for (const f of featurizers) f.transformSparseBatch([text]);
    const started = process.cpuUsage();
    for (const text of texts.slice(20)) for (const f of featurizers) f.transformSparseBatch([text]);
    const { user, system } = process.cpuUsage(started);
    console.log(`${length} characters: ${((user + system) / 1000 / rounds).toFixed(2)} ms CPU per message (both models)`);
  }
}

main();

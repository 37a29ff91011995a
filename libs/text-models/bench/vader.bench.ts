/**
 * VADER scores per unique message: the `vader-sentiment` package's polarity_scores vs `vaderScores` (vader.ts),
 * which gives the same scores (vader.spec.ts). Usage: node tools/run.cjs libs/text-models/bench/vader.bench.ts
 */
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import { vaderScores } from '../src/vader';

const TEXTS = Array.from({ length: 20_000 }, (_, i) => `Where is my order? It has not arrived yet, this is annoying! Order A${100_000 + i}.`);
const SCORERS: [string, (text: string) => unknown][] = [
  ['vader-sentiment package', (text) => SentimentIntensityAnalyzer.polarity_scores(text)],
  ['vader.ts', vaderScores],
];

for (const [name, score] of SCORERS) {
  // The first pass warms the JIT up; the second is reported.
  for (const pass of ['warm-up', 'measured']) {
    const started = performance.now();
    for (const text of TEXTS) score(text);
    if (pass === 'measured') console.log(`${name}: ${(((performance.now() - started) * 1000) / TEXTS.length).toFixed(1)} us per 13-word message`);
  }
}

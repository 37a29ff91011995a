import { defaultTextFeaturizerConfig } from './featurizer-config';
import { createSeededRandom } from './seeded-random';
import { stratifiedSplit } from './dataset-split';
import { trainTextClassifier, TrainingSetError, type LabelledText } from './text-classifier-trainer';

function toyRows(seed: number): LabelledText[] {
  const rng = createSeededRandom(seed);
  const topics: Record<string, string[]> = {
    refund: ['refund', 'money back', 'reimburse', 'return'],
    login: ['password', 'login', 'sign in', 'locked out'],
    delivery: ['parcel', 'courier', 'tracking', 'delivery'],
  };
  const rows: LabelledText[] = [];
  for (const [label, words] of Object.entries(topics)) {
    for (let i = 0; i < 60; i++) rows.push({ text: `please help with my ${rng.pick(words)} ${rng.pick(['today', 'now', 'asap', ''])}`, label });
  }
  return rng.shuffle(rows);
}

describe('trainTextClassifier', () => {
  const featurizer = defaultTextFeaturizerConfig({ buckets: 2048 });

  it('learns a separable toy set and reports held-out metrics that match its predictions', () => {
    const fractions: number[] = [];
    const result = trainTextClassifier(toyRows(7), { featurizer, seed: 3, fit: { maxEpochs: 15 }, onProgress: (f) => fractions.push(f) });
    expect(result.heldOut.accuracy).toBe(1);
    expect(result.heldOut.macroF1).toBe(1);
    expect(result.heldOut.count).toBe(27);
    expect(result.classifier.labels).toEqual(['delivery', 'login', 'refund']);
    expect(result.classifier.predict('I forgot my password').label).toBe('login');
    const recomputed = result.classifier.evaluate(result.heldOutRows.map((r) => r.text), result.heldOutRows.map((r) => r.label));
    expect(recomputed.confusion).toEqual(result.heldOut.confusion);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= (fractions[i - 1] as number) - 1e-9))).toBe(true);
  });

  it('is reproducible with the same seed', () => {
    const a = trainTextClassifier(toyRows(7), { featurizer, seed: 5, fit: { maxEpochs: 3 } });
    const b = trainTextClassifier(toyRows(7), { featurizer, seed: 5, fit: { maxEpochs: 3 } });
    expect(Array.from(a.classifier.model.weights)).toEqual(Array.from(b.classifier.model.weights));
  });

  it('refuses a label with too few examples', () => {
    const rows = [...toyRows(1), { text: 'hello', label: 'greeting' }];
    expect(() => trainTextClassifier(rows, { featurizer })).toThrow(TrainingSetError);
  });

  it('keeps every class in both parts of a stratified split', () => {
    const targets = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    const { kept, heldOut } = stratifiedSplit(targets, 0.2, createSeededRandom(1));
    expect(heldOut.map((i) => targets[i]).sort()).toEqual([0, 0, 1]);
    expect(kept.length + heldOut.length).toBe(13);
  });
});

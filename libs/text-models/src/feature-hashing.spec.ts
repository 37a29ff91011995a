import { fnv1a32, SparseAccumulator, type SparseVector } from './feature-hashing';
import { createSeededRandom } from './seeded-random';

// The Map-based definition the committed models were fitted with; SparseAccumulator must match it bit for bit.
function referenceBlock(hashes: Uint32Array, buckets: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const hash of hashes) counts.set(hash % buckets, (counts.get(hash % buckets) ?? 0) + 1);
  let norm = 0;
  for (const [bucket, count] of counts) {
    const weight = 1 + Math.log(count);
    counts.set(bucket, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [bucket, weight] of counts) counts.set(bucket, weight / norm);
  return counts;
}

function referenceVector(blocks: { hashes: Uint32Array; weight: number }[], buckets: number, dense: number[]): SparseVector {
  const entries = new Map<number, number>();
  for (const { hashes, weight } of blocks) {
    if (weight === 0) continue;
    for (const [index, value] of referenceBlock(hashes, buckets)) entries.set(index, (entries.get(index) ?? 0) + value * weight);
  }
  let norm = 0;
  for (const value of entries.values()) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [index, value] of entries) entries.set(index, value / norm);
  dense.forEach((value, i) => {
    if (value !== 0) entries.set(buckets + i, value);
  });
  const indices = Int32Array.from([...entries.keys()].sort((a, b) => a - b));
  return { indices, values: Float32Array.from(indices, (index) => entries.get(index) ?? 0) };
}

describe('SparseAccumulator', () => {
  it('gives bit-identical vectors to the Map-based definition, text after text (scratch cleared between texts)', () => {
    const random = createSeededRandom(7);
    const buckets = 257; // small, so that terms collide within and across blocks
    const accumulator = new SparseAccumulator(buckets + 4, buckets);
    for (let text = 0; text < 500; text++) {
      const blocks = [0, 1].map(() => ({
        hashes: Uint32Array.from({ length: random.int(60) }, () => fnv1a32(`term${random.int(400)}`)),
        weight: random.pick([0, 0.5, 1, 1.7]),
      }));
      const dense = [0, 1, 2, 3].map(() => (random.next() < 0.5 ? 0 : random.next() * 2 - 1));
      for (const { hashes, weight } of blocks) accumulator.addHashedBlock(hashes, weight);
      accumulator.normalizeL2();
      dense.forEach((value, i) => {
        if (value !== 0) accumulator.add(buckets + i, value);
      });
      const ours = accumulator.take();
      const reference = referenceVector(blocks, buckets, dense);
      expect(Array.from(ours.indices)).toEqual(Array.from(reference.indices));
      expect(Buffer.from(ours.values.buffer).equals(Buffer.from(reference.values.buffer))).toBe(true);
    }
  });

  it('returns an empty vector for a text without terms', () => {
    const accumulator = new SparseAccumulator(10, 8);
    accumulator.addHashedBlock(new Uint32Array(0), 1);
    accumulator.normalizeL2();
    const vector = accumulator.take();
    expect(vector.indices.length).toBe(0);
    expect(vector.values.length).toBe(0);
  });
});

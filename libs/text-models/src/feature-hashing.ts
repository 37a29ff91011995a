/** FNV-1a's 32-bit offset basis: the hash of the empty string. */
export const FNV1A_OFFSET = 0x811c9dc5;

/** One FNV-1a step; the running hash is an int32 until `>>> 0` makes it the unsigned result. */
export function fnv1aStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** Continues a running FNV-1a hash over `text`. */
export function fnv1aContinue(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = fnv1aStep(hash, text.charCodeAt(i));
  return hash;
}

/** FNV-1a, 32-bit, over UTF-16 code units. Part of the featurizer contract: changing it changes every model. */
export function fnv1a32(text: string): number {
  return fnv1aContinue(FNV1A_OFFSET, text) >>> 0;
}

export interface SparseVector {
  /** Strictly increasing feature indices. */
  indices: Int32Array;
  values: Float32Array;
}

/**
 * Sparse weights over [0, dimension) built without Maps or per-term allocations: scratch arrays sized
 * once per featurizer and cleared after each text (a message used to allocate ~90 KB of Map entries
 * and boxed numbers here). Keeps first-touch order, so sums run in the same order as the Map-based
 * definition and the vectors are bit-identical (feature-hashing.spec.ts).
 */
export class SparseAccumulator {
  private readonly weights: Float64Array;
  private readonly present: Uint8Array;
  private readonly order: Int32Array;
  private size = 0;
  private readonly blockCounts: Float64Array;
  private readonly blockOrder: Int32Array;

  constructor(dimension: number, buckets: number) {
    this.weights = new Float64Array(dimension);
    this.present = new Uint8Array(dimension);
    this.order = new Int32Array(dimension);
    this.blockCounts = new Float64Array(buckets);
    this.blockOrder = new Int32Array(buckets);
  }

  /**
   * Adds one block of hashed terms: counts per bucket (hash mod buckets), sublinear tf (1 + ln tf),
   * L2-normalised within the block, times `weight`.
   */
  addHashedBlock(hashes: Uint32Array, weight: number): void {
    if (weight === 0) return;
    const counts = this.blockCounts;
    const buckets = counts.length;
    let distinct = 0;
    for (let i = 0; i < hashes.length; i++) {
      const bucket = (hashes[i] as number) % buckets;
      if (counts[bucket] === 0) this.blockOrder[distinct++] = bucket;
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    let norm = 0;
    for (let i = 0; i < distinct; i++) {
      const bucket = this.blockOrder[i] as number;
      const tf = 1 + Math.log(counts[bucket] as number);
      counts[bucket] = tf;
      norm += tf * tf;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < distinct; i++) {
      const bucket = this.blockOrder[i] as number;
      const value = norm > 0 ? (counts[bucket] as number) / norm : (counts[bucket] as number);
      counts[bucket] = 0;
      this.add(bucket, value * weight);
    }
  }

  /** Adds `value` at `index` (a new index keeps its first-touch position). */
  add(index: number, value: number): void {
    if (this.present[index] === 0) {
      this.present[index] = 1;
      this.order[this.size++] = index;
      this.weights[index] = value;
    } else {
      this.weights[index] = (this.weights[index] as number) + value;
    }
  }

  /** Divides every weight by the L2 norm of all of them (no-op when all are zero). */
  normalizeL2(): void {
    let norm = 0;
    for (let i = 0; i < this.size; i++) {
      const value = this.weights[this.order[i] as number] as number;
      norm += value * value;
    }
    norm = Math.sqrt(norm);
    if (norm === 0) return;
    for (let i = 0; i < this.size; i++) {
      const index = this.order[i] as number;
      this.weights[index] = (this.weights[index] as number) / norm;
    }
  }

  /** The weights as a vector with increasing indices; clears the accumulator for the next text. */
  take(): SparseVector {
    const indices = this.order.slice(0, this.size).sort();
    const values = new Float32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i] as number;
      values[i] = this.weights[index] as number;
      this.present[index] = 0;
    }
    this.size = 0;
    return { indices, values };
  }
}

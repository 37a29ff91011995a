/** FNV-1a, 32-bit, over UTF-16 code units. Part of the featurizer contract: changing it changes every model. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface SparseVector {
  /** Strictly increasing feature indices. */
  indices: Int32Array;
  values: Float32Array;
}

/** Counts hashed terms into buckets, then applies sublinear tf (1 + ln tf) and L2 normalisation. */
export function hashTerms(terms: readonly string[], buckets: number): Map<number, number> {
  return bucketHashes(Uint32Array.from(terms, fnv1a32), buckets);
}

/** `hashTerms` over precomputed `fnv1a32` term hashes (in term order), so featurizers with different bucket counts share the hashing. */
export function bucketHashes(hashes: Uint32Array, buckets: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const hash of hashes) {
    const bucket = hash % buckets;
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
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

export function toSparseVector(entries: Map<number, number>): SparseVector {
  const indices = Int32Array.from([...entries.keys()].sort((a, b) => a - b));
  const values = new Float32Array(indices.length);
  indices.forEach((index, i) => (values[i] = entries.get(index) ?? 0));
  return { indices, values };
}

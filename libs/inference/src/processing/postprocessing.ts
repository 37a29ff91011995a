export interface LabelScore {
  label: string;
  index: number;
  score: number;
}

/** Row-wise softmax over the last dimension of [rows, classes] logits (numerically stable). */
export function softmax(logits: ArrayLike<number>, classes: number): Float32Array {
  if (classes <= 0 || logits.length % classes !== 0) throw new Error(`softmax: ${logits.length} values do not split into rows of ${classes}`);
  const out = new Float32Array(logits.length);
  for (let row = 0; row < logits.length; row += classes) {
    let max = -Infinity;
    for (let i = 0; i < classes; i++) max = Math.max(max, logits[row + i]);
    let sum = 0;
    for (let i = 0; i < classes; i++) sum += out[row + i] = Math.exp(logits[row + i] - max);
    for (let i = 0; i < classes; i++) out[row + i] /= sum;
  }
  return out;
}

/** The k best classes of each row, highest score first; ties keep label order. */
export function topK(scores: ArrayLike<number>, labels: readonly string[], k = 1): LabelScore[][] {
  const classes = labels.length;
  if (classes === 0 || scores.length % classes !== 0) throw new Error(`topK: ${scores.length} scores do not split into rows of ${classes} labels`);
  const rows: LabelScore[][] = [];
  for (let row = 0; row < scores.length; row += classes) {
    const ranked = labels.map((label, index) => ({ label, index, score: scores[row + index] }));
    ranked.sort((a, b) => b.score - a.score || a.index - b.index);
    rows.push(ranked.slice(0, Math.max(1, k)));
  }
  return rows;
}

/** Labels whose score reaches their threshold (per label, or `defaultThreshold`), per row (multi-label). */
export function applyThresholds(scores: ArrayLike<number>, labels: readonly string[], thresholds: Readonly<Record<string, number>>, defaultThreshold = 0.5): LabelScore[][] {
  return topK(scores, labels, labels.length).map((row) => row.filter((s) => s.score >= (thresholds[s.label] ?? defaultThreshold)));
}

/** Row-wise best label (argmax) with its score. */
export function classify(scores: ArrayLike<number>, labels: readonly string[]): LabelScore[] {
  return topK(scores, labels, 1).map((row) => row[0]);
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationMetrics {
  accuracy: number;
  macroF1: number;
  perClass: ClassMetrics[];
  labels: string[];
  /** confusion[trueIndex][predictedIndex], in `labels` order. */
  confusion: number[][];
  count: number;
}

/** Metrics from a confusion matrix; a class never predicted has precision 0, never present has recall 0. */
export function metricsFromConfusion(labels: readonly string[], confusion: readonly (readonly number[])[]): ClassificationMetrics {
  const c = labels.length;
  let correct = 0;
  let count = 0;
  const perClass: ClassMetrics[] = labels.map((label, k) => {
    const row = confusion[k] ?? [];
    const tp = row[k] ?? 0;
    const support = row.reduce((a, b) => a + b, 0);
    let predicted = 0;
    for (let t = 0; t < c; t++) predicted += confusion[t]?.[k] ?? 0;
    correct += tp;
    count += support;
    const precision = predicted > 0 ? tp / predicted : 0;
    const recall = support > 0 ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  return {
    accuracy: count > 0 ? correct / count : 0,
    macroF1: perClass.reduce((a, m) => a + m.f1, 0) / Math.max(1, c),
    perClass,
    labels: [...labels],
    confusion: confusion.map((row) => [...row]),
    count,
  };
}

export function computeClassificationMetrics(
  labels: readonly string[],
  actual: readonly string[],
  predicted: readonly string[],
): ClassificationMetrics {
  if (actual.length !== predicted.length) throw new RangeError('actual and predicted differ in length');
  const index = new Map(labels.map((label, i) => [label, i]));
  const confusion = labels.map(() => labels.map(() => 0));
  actual.forEach((label, i) => {
    const t = index.get(label);
    const p = index.get(predicted[i] as string);
    if (t === undefined || p === undefined) throw new RangeError(`unknown label "${t === undefined ? label : predicted[i]}"`);
    (confusion[t] as number[])[p]++;
  });
  return metricsFromConfusion(labels, confusion);
}

/** Human-readable report; its last line is always `accuracy=<x> macro_f1=<y>`. */
export function formatClassificationReport(metrics: ClassificationMetrics, title = 'classification report'): string {
  const width = Math.max(8, ...metrics.labels.map((l) => l.length));
  const f = (x: number): string => x.toFixed(4);
  const lines = [`${title} (n=${metrics.count})`, `${'label'.padEnd(width)}  precision  recall     f1         support`];
  for (const m of metrics.perClass) {
    lines.push(`${m.label.padEnd(width)}  ${f(m.precision).padEnd(9)}  ${f(m.recall).padEnd(9)}  ${f(m.f1).padEnd(9)}  ${m.support}`);
  }
  lines.push('', 'confusion matrix (rows: actual, columns: predicted)');
  const cell = Math.max(6, ...metrics.confusion.flat().map((n) => String(n).length + 1));
  lines.push(`${''.padEnd(width + 4)}${metrics.labels.map((_, i) => `[${i}]`.padStart(cell)).join('')}`);
  metrics.confusion.forEach((row, i) => {
    lines.push(`${`[${i}] ${metrics.labels[i]}`.padEnd(width + 4).slice(0, width + 4)}${row.map((n) => String(n).padStart(cell)).join('')}`);
  });
  lines.push(`accuracy=${f(metrics.accuracy)} macro_f1=${f(metrics.macroF1)}`);
  return lines.join('\n');
}

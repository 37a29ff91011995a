import { type ClassificationMetrics } from './classification-metrics';

export interface EvaluationSummary {
  accuracy: number;
  macroF1: number;
  count: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  confusion: number[][];
}

export interface ModelCard {
  description: string;
  trainingData: string;
  /** Named evaluations, e.g. "heldOut" (split of the training data) and "handWritten" (a separate set). */
  metrics: Record<string, EvaluationSummary>;
  intendedUse: string;
  limitations: string;
}

export function summarizeMetrics(metrics: ClassificationMetrics): EvaluationSummary {
  const round = (x: number): number => Math.round(x * 10000) / 10000;
  return {
    accuracy: round(metrics.accuracy),
    macroF1: round(metrics.macroF1),
    count: metrics.count,
    perClass: Object.fromEntries(
      metrics.perClass.map((m) => [m.label, { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), support: m.support }]),
    ),
    confusion: metrics.confusion,
  };
}

/** The human-readable model card (README.md beside model.onnx). */
export function renderModelCard(input: { name: string; version: number; labels: readonly string[]; dimension: number; card: ModelCard; extra?: string }): string {
  const { card } = input;
  const sections = [
    `# ${input.name} v${input.version}`,
    '',
    card.description,
    '',
    '## Interface',
    `- input \`features\` FP32 [-1, ${input.dimension}] from the \`text-features\` featurizer in model.json \`preprocessing\` (\`@verticals/text-models\` \`TextFeaturizer\`)`,
    `- output \`probabilities\` FP32 [-1, ${input.labels.length}], labels in order: ${input.labels.map((l) => `\`${l}\``).join(', ')}`,
    '',
    '## Intended use',
    card.intendedUse,
    '',
    '## Training data',
    card.trainingData,
    '',
    '## Metrics',
  ];
  for (const [name, m] of Object.entries(card.metrics)) {
    sections.push('', `### ${name} (n=${m.count})`, '', `accuracy ${m.accuracy.toFixed(4)}, macro-F1 ${m.macroF1.toFixed(4)}`, '');
    sections.push('| label | precision | recall | F1 | support |', '| --- | --- | --- | --- | --- |');
    for (const [label, c] of Object.entries(m.perClass)) {
      sections.push(`| ${label} | ${c.precision.toFixed(3)} | ${c.recall.toFixed(3)} | ${c.f1.toFixed(3)} | ${c.support} |`);
    }
    sections.push('', 'Confusion matrix (rows actual, columns predicted, label order as above):', '', '```');
    for (const row of m.confusion) sections.push(row.map((n) => String(n).padStart(5)).join(''));
    sections.push('```');
  }
  sections.push('', '## Limitations', card.limitations);
  if (input.extra) sections.push('', input.extra);
  return `${sections.join('\n')}\n`;
}

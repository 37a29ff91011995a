import { computeClassificationMetrics, type ClassificationMetrics } from './classification-metrics';
import { predictProbabilities, type SoftmaxModel } from './softmax-regression';
import { type TextFeaturizer } from './text-featurizer';

export interface TextPrediction {
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
}

/** The fitted pipeline in TypeScript: featurizer + softmax weights. Its ONNX export computes the same numbers. */
export class LinearTextClassifier {
  constructor(
    readonly featurizer: TextFeaturizer,
    readonly model: SoftmaxModel,
    readonly labels: readonly string[],
  ) {
    if (model.dimension !== featurizer.dimension) throw new RangeError('model and featurizer dimensions differ');
    if (model.classCount !== labels.length) throw new RangeError('model class count and labels differ');
  }

  probabilities(text: string): Float64Array {
    return predictProbabilities(this.model, this.featurizer.transformSparse(text));
  }

  predict(text: string): TextPrediction {
    const p = this.probabilities(text);
    let best = 0;
    for (let k = 1; k < p.length; k++) if ((p[k] as number) > (p[best] as number)) best = k;
    return {
      label: this.labels[best] as string,
      confidence: p[best] as number,
      probabilities: Object.fromEntries(this.labels.map((label, k) => [label, p[k] as number])),
    };
  }

  evaluate(texts: readonly string[], labels: readonly string[]): ClassificationMetrics {
    return computeClassificationMetrics(this.labels, labels, texts.map((text) => this.predict(text).label));
  }
}

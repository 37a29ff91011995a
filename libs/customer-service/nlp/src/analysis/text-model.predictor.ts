import { type InferenceEngine, type TensorInputs } from '@verticals/inference';
import { type TextFeaturizer, type TextModelInputKind } from '@verticals/text-models';
import { VersionFeaturizers } from './version-featurizers';

export interface TextPrediction {
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
}

export interface PredictOptions {
  signal?: AbortSignal;
  deadline?: number;
}

/**
 * Runs texts through one served version of a text model: featurize with that version's preprocessing, infer in
 * the engine (rows of concurrent calls are batched), read the probabilities. Shared by the service and the
 * evaluation CLI, so both measure the same code.
 */
export class TextModelPredictor {
  private readonly featurizers: VersionFeaturizers;

  constructor(private readonly engine: InferenceEngine) {
    this.featurizers = new VersionFeaturizers(engine);
  }

  async predict(modelName: string, version: number, texts: readonly string[], options: PredictOptions = {}): Promise<TextPrediction[]> {
    if (texts.length === 0) return [];
    const { featurizer, labels, input } = this.featurizers.get(modelName, version);
    const out = await this.engine.infer(modelName, modelInputs(featurizer, input, texts), { version, signal: options.signal, deadline: options.deadline });
    const probabilities = out['probabilities']?.data as Float32Array;
    const c = labels.length;
    return texts.map((_, r) => {
      const row: Record<string, number> = {};
      let best = 0;
      for (let k = 0; k < c; k++) {
        row[labels[k] as string] = probabilities[r * c + k] as number;
        if ((probabilities[r * c + k] as number) > (probabilities[r * c + best] as number)) best = k;
      }
      return { label: labels[best] as string, confidence: probabilities[r * c + best] as number, probabilities: row };
    });
  }
}

/** Sparse models get a few hundred (index, value) pairs per text; dense ones a D-float row (~390 KB for D = 98k). */
function modelInputs(featurizer: TextFeaturizer, input: TextModelInputKind, texts: readonly string[]): TensorInputs {
  if (input === 'dense') return { features: { data: featurizer.transformBatch(texts), dims: [texts.length, featurizer.dimension] } };
  const batch = featurizer.transformSparseBatch(texts);
  return { indices: { data: batch.indices, dims: batch.dims }, values: { data: batch.values, dims: batch.dims } };
}

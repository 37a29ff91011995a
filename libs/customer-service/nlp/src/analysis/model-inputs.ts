import { type TensorInputs } from '@verticals/inference';
import { FEATURES_INPUT, INDICES_INPUT, VALUES_INPUT, type TextFeaturizer, type TextModelInputKind } from '@verticals/text-models';

/**
 * The engine inputs of a text model for `texts`: sparse models get a few hundred (index, value) pairs per text,
 * dense ones a D-float row (~390 KB for D = 98k). Used on the calling thread and in featurization.worker.ts alike.
 */
export function modelInputs(featurizer: TextFeaturizer, input: TextModelInputKind, texts: readonly string[]): TensorInputs {
  if (input === 'dense') return { [FEATURES_INPUT]: { data: featurizer.transformBatch(texts), dims: [texts.length, featurizer.dimension] } };
  const batch = featurizer.transformSparseBatch(texts);
  return { [INDICES_INPUT]: { data: batch.indices, dims: batch.dims }, [VALUES_INPUT]: { data: batch.values, dims: batch.dims } };
}

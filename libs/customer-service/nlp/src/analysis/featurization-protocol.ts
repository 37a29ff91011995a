import { type TensorInputs } from '@verticals/inference';
import { type TextModelInputKind } from '@verticals/text-models';

/** Messages between TextModelPredictor's FeaturizationWorker (service thread) and featurization.worker.ts. */
export interface FeaturizeRequest {
  id: number;
  /** `<model>@<version>`: the worker keeps one featurizer per key. */
  key: string;
  /** The version's `preprocessing` (model.json), sent with the first request for a key. */
  preprocessing?: Record<string, unknown>;
  input: TextModelInputKind;
  texts: readonly string[];
}

/** `inputs`: what `modelInputs` returns, its typed arrays transferred. */
export type FeaturizeReply = { id: number; inputs: TensorInputs } | { id: number; error: string };

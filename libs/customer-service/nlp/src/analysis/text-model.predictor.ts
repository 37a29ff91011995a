import { type InferenceEngine, type TensorInputs } from '@verticals/inference';
import { type FeaturizationWorker } from './featurization-worker';
import { modelInputs } from './model-inputs';
import { type ServedTextModel, VersionFeaturizers } from './version-featurizers';

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

  /**
   * `featurization`: featurize batches of at least `offloadMinChars` characters on that worker thread while it
   * is available, else on the calling thread. Short texts stay here: featurizing a chat message costs ~0.1-0.2 ms,
   * and sending every message over cost the service ~0.5 ms more CPU per message in all (bench:customer-service);
   * a 4,000-character email costs ~1 ms (bench/featurization.bench.ts), which the event loop should not spend.
   */
  constructor(
    private readonly engine: InferenceEngine,
    private readonly featurization?: FeaturizationWorker,
    private readonly offloadMinChars = DEFAULT_OFFLOAD_MIN_CHARS,
  ) {
    this.featurizers = new VersionFeaturizers(engine);
  }

  async predict(modelName: string, version: number, texts: readonly string[], options: PredictOptions = {}): Promise<TextPrediction[]> {
    if (texts.length === 0) return [];
    const served = this.featurizers.get(modelName, version);
    const labels = served.labels;
    const inputs = await this.inputsFor(`${modelName}@${version}`, served, texts);
    const out = await this.engine.infer(modelName, inputs, { version, signal: options.signal, deadline: options.deadline });
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

  /** The same inputs either way: the worker runs the same featurizer code on the same preprocessing config. */
  private async inputsFor(key: string, served: ServedTextModel, texts: readonly string[]): Promise<TensorInputs> {
    if (this.featurization?.available && totalLength(texts) >= this.offloadMinChars) {
      try {
        return await this.featurization.featurize(key, served.preprocessing, served.input, texts);
      } catch {
        // The thread failed while these texts were on it; it restarts on its own, this call featurizes here.
      }
    }
    return modelInputs(served.featurizer, served.input, texts);
  }
}

/**
 * Where featurizing the default models costs about what the hand-off does (~0.5 ms): 1,000 characters take
 * ~0.3 ms, 4,000 ~1 ms (bench/featurization.bench.ts, 2026-11-23).
 */
const DEFAULT_OFFLOAD_MIN_CHARS = 2_000;

function totalLength(texts: readonly string[]): number {
  let length = 0;
  for (const text of texts) length += text.length;
  return length;
}

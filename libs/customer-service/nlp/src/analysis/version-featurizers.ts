import { type InferenceEngine } from '@verticals/inference';
import { TextFeaturizer, parseTextFeaturizerConfig, textModelInputKind, type TextModelInputKind } from '@verticals/text-models';

export interface ServedTextModel {
  featurizer: TextFeaturizer;
  labels: string[];
  /** From model.json inputs: `sparse` (indices + values, format 2) or `dense` (features, format 1). */
  input: TextModelInputKind;
  /** model.json `preprocessing`, which `featurizer` was built from. */
  preprocessing: Record<string, unknown>;
}

/** Featurizer and labels of each served model version, built once from that version's model.json. */
export class VersionFeaturizers {
  private readonly byVersion = new Map<string, ServedTextModel>();

  constructor(private readonly engine: InferenceEngine) {}

  get(modelName: string, version: number): ServedTextModel {
    const key = `${modelName}@${version}`;
    let served = this.byVersion.get(key);
    if (!served) {
      const config = this.engine.config(modelName, version);
      const labels = config.outputs[0]?.labels;
      if (!labels || labels.length === 0) throw new Error(`${key} declares no output labels`);
      const preprocessing = config.preprocessing ?? {};
      served = { featurizer: new TextFeaturizer(parseTextFeaturizerConfig(preprocessing)), labels, input: textModelInputKind(config.inputs), preprocessing };
      this.byVersion.set(key, served);
    }
    return served;
  }
}

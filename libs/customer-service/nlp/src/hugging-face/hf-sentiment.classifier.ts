import { existsSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { type HfScore, type MappedSentiment, toSentiment } from './hf-label-mapping';

type TextClassifier = (texts: string[], options: { top_k: null }) => Promise<HfScore[] | HfScore[][]>;

/**
 * Sentiment from a Hugging Face text-classification folder on disk (config.json with id2label, tokenizer files,
 * onnx/model.onnx), through @huggingface/transformers with the hub switched off. Runs ORT on the calling thread.
 */
export class HfSentimentClassifier {
  private constructor(
    private readonly classify: TextClassifier,
    readonly modelId: string,
    private readonly neutralThreshold: number,
  ) {}

  static async load(folder: string, neutralThreshold = 0.75): Promise<HfSentimentClassifier> {
    const path = resolve(folder);
    if (!existsSync(resolve(path, 'config.json'))) throw new Error(`${path} is not a Hugging Face model folder (no config.json)`);
    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = dirname(path) + sep;
    const classifier = (await pipeline('text-classification', basename(path), { local_files_only: true, dtype: 'fp32' })) as unknown as TextClassifier;
    return new HfSentimentClassifier(classifier, `hf:${basename(path)}`, neutralThreshold);
  }

  async classifyBatch(texts: readonly string[]): Promise<MappedSentiment[]> {
    if (texts.length === 0) return [];
    const output = await this.classify([...texts], { top_k: null });
    const perText = (texts.length === 1 && !Array.isArray(output[0]) ? [output] : output) as HfScore[][];
    return perText.map((scores) => toSentiment(scores, this.neutralThreshold));
  }
}

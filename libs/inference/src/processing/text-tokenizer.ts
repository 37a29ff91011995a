import path from 'node:path';
import { type Tensor } from '../runtime/tensor';

export interface TextTokenizerOptions {
  /** Allow downloads from the Hugging Face hub when the folder lacks files (default false: offline). */
  allowRemoteModels?: boolean;
}

export interface EncodeOptions {
  /** Truncate to this many tokens (special tokens included); default: the tokenizer's model_max_length. */
  maxLength?: number;
}

export interface TextTokenizer {
  /** INT64 tensors [texts, tokens] padded to the longest text: input_ids, attention_mask (+ token_type_ids if the tokenizer makes them). */
  encode(texts: readonly string[], options?: EncodeOptions): Record<string, Tensor>;
  decode(ids: readonly number[]): string;
}

type TokenizerOutput = Record<string, { data: BigInt64Array; dims: number[] }>;
interface HfTokenizer {
  (texts: string[], options: Record<string, unknown>): TokenizerOutput;
  decode(ids: number[], options?: Record<string, unknown>): string;
}

let loading: Promise<unknown> = Promise.resolve();

/**
 * Loads tokenizer.json + tokenizer_config.json from a local folder through @huggingface/transformers.
 * The library's settings are process-wide, so loads are serialized here and hub access stays off
 * unless asked for.
 */
export function loadTextTokenizer(folder: string, options: TextTokenizerOptions = {}): Promise<TextTokenizer> {
  const load = loading.catch(() => undefined).then(async () => {
    const { AutoTokenizer, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = options.allowRemoteModels ?? false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(path.resolve(folder)) + path.sep;
    const tokenizer = (await AutoTokenizer.from_pretrained(path.basename(folder), { local_files_only: !env.allowRemoteModels })) as unknown as HfTokenizer;
    return wrap(tokenizer);
  });
  loading = load;
  return load;
}

function wrap(tokenizer: HfTokenizer): TextTokenizer {
  return {
    encode(texts, options = {}) {
      const encoded = tokenizer([...texts], { padding: true, truncation: true, ...(options.maxLength ? { max_length: options.maxLength } : {}) });
      const tensors: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(encoded)) tensors[name] = { dtype: 'INT64', dims: [...t.dims], data: t.data };
      return tensors;
    },
    decode(ids) {
      return tokenizer.decode([...ids], { skip_special_tokens: true });
    },
  };
}

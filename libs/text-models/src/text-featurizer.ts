import { SparseAccumulator, type SparseVector } from './feature-hashing';
import { charNgramHashes, wordNgramHashes } from './ngram-hashes';
import { type TextFeaturizerConfig, parseTextFeaturizerConfig } from './featurizer-config';
import { lexiconFeatureCount, lexiconFeatures, LEXICON_FEATURE_NAMES } from './sentiment-lexicon';
import { normalizeText } from './text-normalizer';
import { RecentTextCache } from './recent-text-cache';
import { markNegation, tokenize, type TextToken } from './text-tokenizer';

export interface SparseFeatureBatch {
  indices: BigInt64Array;
  values: Float32Array;
  /** [rows, K]: both tensors have these dims. */
  dims: [number, number];
}

/**
 * Text -> fixed-length vector: [hashed word and char n-grams (buckets) | dense lexicon features].
 * Deterministic: the same config and text give the same vector on every machine.
 */
export class TextFeaturizer {
  readonly config: TextFeaturizerConfig;
  /** Total feature count: buckets + dense lexicon features. */
  readonly dimension: number;
  /** The config fields the tokens and term hashes depend on: featurizers that agree on them share the work. */
  private readonly termsKey: string;
  private readonly accumulator: SparseAccumulator;

  constructor(config: TextFeaturizerConfig) {
    this.config = parseTextFeaturizerConfig(config);
    this.dimension = this.config.buckets + lexiconFeatureCount(this.config.lexicon.sources);
    const { version, normalization, negation, wordNgrams: words, charNgrams: chars } = this.config;
    this.termsKey = `${JSON.stringify([version >= 2, normalization, negation, words, chars])}\u0000`;
    this.accumulator = new SparseAccumulator(this.dimension, this.config.buckets);
  }

  /** Tokens and term hashes of `text` under this config's text settings (bucket count and weights aside). */
  private terms(text: string): TextTerms {
    const { config } = this;
    const normalized = normalizeText(text, { ...config.normalization, social: config.version >= 2 });
    const tokens = tokenize(normalized);
    const terms = config.negation.enabled ? markNegation(tokens, config.negation.scope) : tokens;
    return {
      tokens,
      wordHashes: wordNgramHashes(terms, config.wordNgrams),
      charHashes: config.charNgrams ? charNgramHashes(tokens, config.charNgrams) : null,
    };
  }

  get denseFeatureNames(): string[] {
    return this.config.lexicon.sources.flatMap((source) => [...LEXICON_FEATURE_NAMES[source]]);
  }

  transformSparse(text: string): SparseVector {
    const { config } = this;
    const { tokens, wordHashes, charHashes } = TERMS_RECENT.get(this.termsKey + text, () => this.terms(text));
    const entries = this.accumulator;
    entries.addHashedBlock(wordHashes, config.wordWeight);
    if (charHashes) entries.addHashedBlock(charHashes, config.charWeight);
    entries.normalizeL2();
    if (config.lexicon.sources.length > 0) {
      const dense = lexiconFeatures(config.lexicon.sources, text.normalize('NFKC'), tokens);
      dense.forEach((value, i) => {
        if (value !== 0) entries.add(config.buckets + i, value * config.lexicon.weight);
      });
    }
    return entries.take();
  }

  /**
   * The sparse ONNX inputs of a batch: `indices` INT64 [n, K] and `values` FP32 [n, K], K = the largest
   * non-zero count (at least 1); shorter rows are padded with index 0 / value 0, which adds nothing.
   */
  transformSparseBatch(texts: readonly string[]): SparseFeatureBatch {
    const rows = texts.map((text) => this.transformSparse(text));
    const width = Math.max(1, ...rows.map((r) => r.indices.length));
    const indices = new BigInt64Array(texts.length * width);
    const values = new Float32Array(texts.length * width);
    rows.forEach((row, r) => {
      const offset = r * width;
      for (let i = 0; i < row.indices.length; i++) {
        indices[offset + i] = BigInt(row.indices[i] as number);
        values[offset + i] = row.values[i] as number;
      }
    });
    return { indices, values, dims: [texts.length, width] };
  }

  /** Dense FP32 rows, row-major [texts.length, dimension]: the ONNX model's "features" input. */
  transformBatch(texts: readonly string[]): Float32Array {
    const out = new Float32Array(texts.length * this.dimension);
    texts.forEach((text, row) => {
      const { indices, values } = this.transformSparse(text);
      const offset = row * this.dimension;
      for (let i = 0; i < indices.length; i++) out[offset + (indices[i] as number)] = values[i] as number;
    });
    return out;
  }

  transform(text: string): Float32Array {
    return this.transformBatch([text]);
  }
}

interface TextTerms {
  tokens: TextToken[];
  wordHashes: Uint32Array;
  charHashes: Uint32Array | null;
}

// The sentiment and intent models featurize every message with the same text settings.
const TERMS_RECENT = new RecentTextCache<TextTerms>(256);

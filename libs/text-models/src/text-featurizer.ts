import { bucketHashes, fnv1a32, toSparseVector, type SparseVector } from './feature-hashing';
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

  constructor(config: TextFeaturizerConfig) {
    this.config = parseTextFeaturizerConfig(config);
    this.dimension = this.config.buckets + lexiconFeatureCount(this.config.lexicon.sources);
    const { version, normalization, negation, wordNgrams: words, charNgrams: chars } = this.config;
    this.termsKey = `${JSON.stringify([version >= 2, normalization, negation, words, chars])}\u0000`;
  }

  /** Tokens and term hashes of `text` under this config's text settings (bucket count and weights aside). */
  private terms(text: string): TextTerms {
    const { config } = this;
    const normalized = normalizeText(text, { ...config.normalization, social: config.version >= 2 });
    const tokens = tokenize(normalized);
    const terms = config.negation.enabled ? markNegation(tokens, config.negation.scope) : tokens;
    return {
      tokens,
      wordHashes: Uint32Array.from(wordNgrams(terms, config.wordNgrams), fnv1a32),
      charHashes: config.charNgrams ? Uint32Array.from(charNgrams(tokens, config.charNgrams), fnv1a32) : null,
    };
  }

  get denseFeatureNames(): string[] {
    return this.config.lexicon.sources.flatMap((source) => [...LEXICON_FEATURE_NAMES[source]]);
  }

  transformSparse(text: string): SparseVector {
    const { config } = this;
    const { tokens, wordHashes, charHashes } = TERMS_RECENT.get(this.termsKey + text, () => this.terms(text));
    const entries = new Map<number, number>();
    addBlock(entries, bucketHashes(wordHashes, config.buckets), config.wordWeight);
    if (charHashes) addBlock(entries, bucketHashes(charHashes, config.buckets), config.charWeight);
    normalizeL2(entries);
    if (config.lexicon.sources.length > 0) {
      const dense = lexiconFeatures(config.lexicon.sources, text.normalize('NFKC'), tokens);
      dense.forEach((value, i) => {
        if (value !== 0) entries.set(config.buckets + i, value * config.lexicon.weight);
      });
    }
    return toSparseVector(entries);
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

function wordNgrams(tokens: readonly TextToken[], [min, max]: readonly [number, number]): string[] {
  const terms: string[] = [];
  let segment: string[] = [];
  const flush = (): void => {
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= segment.length; i++) terms.push(`w${n}:${segment.slice(i, i + n).join(' ')}`);
    }
    segment = [];
  };
  for (const token of tokens) {
    if (token.kind === 'break') flush();
    else segment.push(token.text);
  }
  flush();
  return terms;
}

function charNgrams(tokens: readonly TextToken[], [min, max]: readonly [number, number]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    const padded = ` ${token.text} `;
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= padded.length; i++) terms.push(`c:${padded.slice(i, i + n)}`);
    }
  }
  return terms;
}

function addBlock(target: Map<number, number>, block: Map<number, number>, weight: number): void {
  if (weight === 0) return;
  for (const [index, value] of block) target.set(index, (target.get(index) ?? 0) + value * weight);
}

function normalizeL2(entries: Map<number, number>): void {
  let norm = 0;
  for (const value of entries.values()) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm === 0) return;
  for (const [index, value] of entries) entries.set(index, value / norm);
}

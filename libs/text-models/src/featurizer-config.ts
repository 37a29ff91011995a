import { z } from 'zod';

/**
 * The featurizer contract, serialised into model.json `preprocessing`. `version` changes whenever the code
 * would map the same config to different features, so a model never runs with a featurizer it was not fitted with.
 */
export const TEXT_FEATURIZER_VERSION = 2;

/**
 * Versions this code still reproduces exactly, so older model versions keep serving.
 * 1: the original mapping. 2: adds @mentions -> `<user>` and splits camel-case hashtags (`#NeverAgain` -> `never again`).
 */
export const SUPPORTED_FEATURIZER_VERSIONS = [1, 2] as const;

export const textFeaturizerConfigSchema = z.object({
  kind: z.literal('text-features'),
  version: z.union([z.literal(1), z.literal(2)]),
  hash: z.literal('fnv1a32'),
  buckets: z.number().int().min(16).max(1 << 22),
  normalization: z.object({
    unicode: z.literal('NFKC'),
    lowercase: z.boolean(),
    placeholders: z.boolean(),
    squashRepeats: z.boolean(),
  }),
  wordNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1).max(4)]),
  charNgrams: z.tuple([z.number().int().min(1), z.number().int().min(1).max(8)]).nullable(),
  wordWeight: z.number().min(0),
  charWeight: z.number().min(0),
  negation: z.object({ enabled: z.boolean(), scope: z.number().int().min(1).max(10) }),
  sublinearTf: z.literal(true),
  l2Normalize: z.literal(true),
  lexicon: z.object({ sources: z.array(z.enum(['vader', 'afinn'])), weight: z.number().min(0) }),
});

export type TextFeaturizerConfig = z.infer<typeof textFeaturizerConfigSchema>;

export function defaultTextFeaturizerConfig(overrides: Partial<TextFeaturizerConfig> = {}): TextFeaturizerConfig {
  return textFeaturizerConfigSchema.parse({
    kind: 'text-features',
    version: TEXT_FEATURIZER_VERSION,
    hash: 'fnv1a32',
    buckets: 1 << 15,
    normalization: { unicode: 'NFKC', lowercase: true, placeholders: true, squashRepeats: true },
    wordNgrams: [1, 2],
    charNgrams: [3, 5],
    wordWeight: 1,
    charWeight: 0.7,
    negation: { enabled: true, scope: 3 },
    sublinearTf: true,
    l2Normalize: true,
    lexicon: { sources: [], weight: 1 },
    ...overrides,
  });
}

/** Parses a `preprocessing` object from model.json; throws a ZodError naming the bad field. */
export function parseTextFeaturizerConfig(value: unknown): TextFeaturizerConfig {
  return textFeaturizerConfigSchema.parse(value);
}

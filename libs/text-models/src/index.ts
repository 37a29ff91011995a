export { TextFeaturizer, type SparseFeatureBatch } from './text-featurizer';
export {
  TEXT_FEATURIZER_VERSION,
  SUPPORTED_FEATURIZER_VERSIONS,
  defaultTextFeaturizerConfig,
  parseTextFeaturizerConfig,
  textFeaturizerConfigSchema,
  type TextFeaturizerConfig,
} from './featurizer-config';
export { normalizeText, type NormalizationConfig } from './text-normalizer';
export { tokenize, markNegation, type TextToken } from './text-tokenizer';
export { fnv1a32, type SparseVector } from './feature-hashing';
export { LEXICON_FEATURE_NAMES, type LexiconSource } from './sentiment-lexicon';
export { createSeededRandom, type SeededRandom } from './seeded-random';
export { stratifiedSplit } from './dataset-split';
export {
  fitSoftmaxRegression,
  predictProbabilities,
  DEFAULT_FIT_OPTIONS,
  type SoftmaxModel,
  type SoftmaxFitOptions,
  type SoftmaxFitResult,
  type FitProgress,
} from './softmax-regression';
export { LinearTextClassifier, type TextPrediction } from './linear-text-classifier';
export {
  trainTextClassifier,
  TrainingSetError,
  type LabelledText,
  type TextClassifierTrainingOptions,
  type TextClassifierTrainingResult,
} from './text-classifier-trainer';
export {
  computeClassificationMetrics,
  metricsFromConfusion,
  formatClassificationReport,
  type ClassificationMetrics,
  type ClassMetrics,
} from './classification-metrics';
export {
  buildLinearClassifierOnnx,
  FEATURES_INPUT,
  INDICES_INPUT,
  VALUES_INPUT,
  PROBABILITIES_OUTPUT,
  type TextModelInputKind,
} from './onnx-linear-exporter';
export {
  writeTextModelVersion,
  buildTextModelManifest,
  textModelInputs,
  textModelInputKind,
  SPARSE_INPUT_MAX_ELEMENTS,
  DEFAULT_BATCHING,
  type TextModelInputSpec,
  type TextModelManifest,
  type ModelBatchingPolicy,
} from './model-version-writer';
export { renderModelCard, summarizeMetrics, type ModelCard, type EvaluationSummary } from './model-card';
export { parseLabelledDataset, DEFAULT_DATASET_LIMITS, type DatasetLimits, type ParsedDataset, type DatasetFormat } from './dataset-parser';
export { DatasetValidationError, DatasetErrorCode, type DatasetIssue } from './dataset-validation.error';
export {
  KnowledgeBaseMatcher,
  DEFAULT_MATCH_CALIBRATION,
  matchingTerms,
  type KnowledgeBaseArticle,
  type KnowledgeBaseMatch,
  type MatchCalibration,
} from './knowledge-base-matcher';
export { detectLanguage, isSupportedLanguage, type DetectedLanguage, type LanguageDetection } from './language-detector';

export { CustomerServiceNlpModule } from './customer-service-nlp.module';
export { type CustomerServiceNlpOptions } from './customer-service-nlp.options';
export { TextAnalysisService } from './analysis/text-analysis.service';
export {
  type TextAnalysis,
  type SentimentAnalysis,
  type IntentAnalysis,
  type LanguageAnalysis,
  type AnalyzeOptions,
} from './analysis/text-analysis.types';
export { normalizeSentimentLabel } from './analysis/sentiment-label-aliases';
export { ModelCatalogService, type CatalogModelVersion } from './catalog/model-catalog.service';
export { seedModelRepository, listModelVersions, type SeededVersions } from './catalog/model-repository.seeder';
export { TrainingFeedbackService, type LabelCorrection } from './training/training-feedback.service';
export { TrainingJobService, type TrainingSetSubmission, type TrainingJobPage } from './training/training-job.service';
export { type TrainingJobView } from './training/training-job.view';
export { NLP_PERMISSIONS } from './training/model-kind.param';
export {
  fitTextModel,
  fitAndWriteTextModel,
  fitLabels,
  parseTrainingSet,
  FIT_FEATURIZERS,
  type FittedVersion,
  type FitProgressStage,
} from './training/text-model-fitting';
export { HfSentimentClassifier } from './hugging-face/hf-sentiment.classifier';
export { mapHfLabel } from './hugging-face/hf-label-mapping';
export { customerServiceNlpEntities, customerServiceNlpMigrations } from './persistence/nlp-tables';
export { ModelActivationEntity } from './persistence/model-activation.entity';
export { FittedModelVersionEntity } from './persistence/fitted-model-version.entity';
export { TrainingJobEntity, type TrainingJobStatus } from './persistence/training-job.entity';
export { TrainingFeedbackEntity } from './persistence/training-feedback.entity';
export {
  TEXT_MODEL_KINDS,
  MODEL_NAMES,
  SENTIMENT_LABELS,
  INTENT_TAXONOMY,
  isTextModelKind,
  type TextModelKind,
  type SentimentLabel,
  type IntentName,
} from './model-kinds';
export { TextModelPredictor, type TextPrediction, type PredictOptions } from './analysis/text-model.predictor';
export { fitInWorker } from './training/fit-in-worker';

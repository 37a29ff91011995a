import { type Registry } from 'prom-client';
import { type DetectedLanguage } from '@verticals/text-models';
import { type SeededVersions } from './catalog/model-repository.seeder';

export interface CustomerServiceNlpOptions {
  /** Runtime model repository, written by fits (the app passes `<DATA_DIR>/models`). */
  repositoryPath: string;
  /** Read-only source of the default versions (the repo's `models/`); copied into `repositoryPath` at start. */
  seedRepositoryPath: string;
  /** A local Hugging Face text-classification folder used for sentiment instead of the ONNX catalog. */
  hfSentimentModelPath?: string;
  /** Two-class HF models answer `neutral` when their top probability is below this (default 0.75). */
  hfNeutralThreshold?: number;
  /** Languages the models handle; others come back `supported: false` (default ['en']; `und` counts as supported). */
  supportedLanguages?: DetectedLanguage[];
  /** The service's Prometheus registry for the engine's nv_* metrics. */
  registry?: Registry;
  /** How long a tenant's active versions are cached before the table is read again (default 2000 ms). */
  activeVersionCacheMs?: number;
  /** Upload limit of a training set in bytes, checked before parsing (default 10 MiB). */
  maxTrainingSetBytes?: number;
  /** Rows of a training set (default 100,000). */
  maxTrainingSetRows?: number;
  /** Whether to start the job runner that fits uploaded training sets (default true). */
  runTrainingJobs?: boolean;
}

export interface ResolvedNlpOptions extends CustomerServiceNlpOptions {
  seeded: SeededVersions;
}

export const CUSTOMER_SERVICE_NLP_OPTIONS = Symbol('CUSTOMER_SERVICE_NLP_OPTIONS');

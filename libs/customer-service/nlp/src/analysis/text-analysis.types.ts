import { type DetectedLanguage } from '@verticals/text-models';
import { type SentimentLabel } from '../model-kinds';

export interface SentimentAnalysis {
  label: SentimentLabel;
  /** Signed polarity in [-1, 1]: P(positive) - P(negative). */
  score: number;
  /** Probability of `label` in [0, 1]. */
  confidence: number;
  /** Which model answered: `customer-service-sentiment@2`, or `hf:<folder name>`. */
  model: string;
}

export interface IntentAnalysis {
  /** A taxonomy intent, or a tenant's custom label when it activated a custom-label model. */
  name: string;
  confidence: number;
  model: string;
}

export interface LanguageAnalysis {
  /** ISO 639-1 code or `und` (too short or unknown: treated as supported). */
  code: DetectedLanguage;
  confidence: number;
  supported: boolean;
}

export interface TextAnalysis {
  sentiment: SentimentAnalysis;
  intent: IntentAnalysis;
  language: LanguageAnalysis;
}

export interface AnalyzeOptions {
  /** Aborting drops requests still queued in the engine (they reject with InferenceError CANCELLED). */
  signal?: AbortSignal;
  /** Absolute deadline in epoch ms for the model calls. */
  deadline?: number;
}

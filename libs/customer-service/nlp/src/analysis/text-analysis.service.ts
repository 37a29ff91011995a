import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { InferenceEngine } from '@verticals/inference';
import { detectLanguage, isSupportedLanguage } from '@verticals/text-models';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import { CUSTOMER_SERVICE_NLP_OPTIONS, type ResolvedNlpOptions } from '../customer-service-nlp.options';
import { HfSentimentClassifier } from '../hugging-face/hf-sentiment.classifier';
import { MODEL_NAMES, type SentimentLabel, type TextModelKind } from '../model-kinds';
import { type AnalyzeOptions, type IntentAnalysis, type SentimentAnalysis, type TextAnalysis } from './text-analysis.types';
import { FeaturizationWorker } from './featurization-worker';
import { type TextPrediction, TextModelPredictor } from './text-model.predictor';

export const HF_SENTIMENT_CLASSIFIER = Symbol('HF_SENTIMENT_CLASSIFIER');

/**
 * Sentiment, intent and language of customer messages. Each call uses the current tenant's ACTIVE version of
 * each model; rows from concurrent calls are batched together by the engine.
 */
@Injectable()
export class TextAnalysisService implements OnModuleDestroy {
  private readonly predictor: TextModelPredictor;
  /** Featurization off the event loop: a long message costs milliseconds of it. */
  private readonly featurization = new FeaturizationWorker();

  constructor(
    engine: InferenceEngine,
    private readonly catalog: ModelCatalogService,
    @Inject(CUSTOMER_SERVICE_NLP_OPTIONS) private readonly options: ResolvedNlpOptions,
    @Optional() @Inject(HF_SENTIMENT_CLASSIFIER) private readonly hfSentiment: HfSentimentClassifier | null = null,
  ) {
    this.predictor = new TextModelPredictor(engine, this.featurization);
  }

  onModuleDestroy(): Promise<void> {
    return this.featurization.close();
  }

  async analyze(text: string, options: AnalyzeOptions = {}): Promise<TextAnalysis> {
    const [analysis] = await this.analyzeBatch([text], options);
    return analysis as TextAnalysis;
  }

  async analyzeBatch(texts: readonly string[], options: AnalyzeOptions = {}): Promise<TextAnalysis[]> {
    if (texts.length === 0) return [];
    const [sentiments, intents] = await Promise.all([this.sentiment(texts, options), this.intent(texts, options)]);
    const supported = this.options.supportedLanguages ?? ['en'];
    return texts.map((text, i) => {
      const detection = detectLanguage(text);
      return {
        sentiment: sentiments[i] as SentimentAnalysis,
        intent: intents[i] as IntentAnalysis,
        language: {
          code: detection.language,
          confidence: round(detection.confidence),
          supported: detection.language === 'und' || isSupportedLanguage(detection, supported),
        },
      };
    });
  }

  private async sentiment(texts: readonly string[], options: AnalyzeOptions): Promise<SentimentAnalysis[]> {
    if (this.hfSentiment) {
      const model = this.hfSentiment.modelId;
      return (await this.hfSentiment.classifyBatch(texts)).map((s) => ({ label: s.label, score: round(s.score), confidence: round(s.confidence), model }));
    }
    const { model, rows } = await this.classify('sentiment', texts, options);
    return rows.map((row) => ({
      label: row.label as SentimentLabel,
      score: round((row.probabilities['positive'] ?? 0) - (row.probabilities['negative'] ?? 0)),
      confidence: round(row.confidence),
      model,
    }));
  }

  private async intent(texts: readonly string[], options: AnalyzeOptions): Promise<IntentAnalysis[]> {
    const { model, rows } = await this.classify('intent', texts, options);
    return rows.map((row) => ({ name: row.label, confidence: round(row.confidence), model }));
  }

  private async classify(kind: TextModelKind, texts: readonly string[], options: AnalyzeOptions): Promise<{ model: string; rows: TextPrediction[] }> {
    const modelName = MODEL_NAMES[kind];
    const version = await this.catalog.activeVersion(kind);
    return { model: `${modelName}@${version}`, rows: await this.predictor.predict(modelName, version, texts, options) };
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

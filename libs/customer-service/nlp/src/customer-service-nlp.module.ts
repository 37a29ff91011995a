import { type DynamicModule, Module } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { InferenceModule } from '@verticals/inference';
import { HF_SENTIMENT_CLASSIFIER, TextAnalysisService } from './analysis/text-analysis.service';
import { ModelCatalogService } from './catalog/model-catalog.service';
import { seedModelRepository } from './catalog/model-repository.seeder';
import { CUSTOMER_SERVICE_NLP_OPTIONS, type CustomerServiceNlpOptions, type ResolvedNlpOptions } from './customer-service-nlp.options';
import { HfSentimentClassifier } from './hugging-face/hf-sentiment.classifier';
import { MODEL_NAMES } from './model-kinds';
import { ModelsController } from './training/models.controller';
import { TrainingFeedbackService } from './training/training-feedback.service';
import { TrainingJobRunner } from './training/training-job.runner';
import { TrainingJobService } from './training/training-job.service';
import { TrainingSetsController } from './training/training-sets.controller';

/**
 * Text analysis (sentiment, intent, language) over the customer-service models, their catalog (seeding,
 * per-tenant activation, rollback), training-set uploads with fitting jobs, and agents' label feedback.
 * Needs the service's DataSource (PersistenceModule, via the platform) with `customerServiceNlpEntities` and
 * `customerServiceNlpMigrations` in the service's database lists.
 */
@Module({})
export class CustomerServiceNlpModule {
  static register(options: CustomerServiceNlpOptions): DynamicModule {
    const repositoryPath = resolve(options.repositoryPath);
    mkdirSync(repositoryPath, { recursive: true });
    const seeded = seedModelRepository(resolve(options.seedRepositoryPath), repositoryPath);
    const resolved: ResolvedNlpOptions = { ...options, repositoryPath, seedRepositoryPath: resolve(options.seedRepositoryPath), seeded };
    return {
      module: CustomerServiceNlpModule,
      imports: [InferenceModule.register({ repositoryPath, models: Object.values(MODEL_NAMES), versionPolicy: 'all', registry: options.registry })],
      controllers: [TrainingSetsController, ModelsController],
      providers: [
        { provide: CUSTOMER_SERVICE_NLP_OPTIONS, useValue: resolved },
        {
          provide: HF_SENTIMENT_CLASSIFIER,
          useFactory: () => (options.hfSentimentModelPath ? HfSentimentClassifier.load(options.hfSentimentModelPath, options.hfNeutralThreshold) : null),
        },
        ModelCatalogService,
        TextAnalysisService,
        TrainingFeedbackService,
        TrainingJobService,
        TrainingJobRunner,
      ],
      exports: [TextAnalysisService, ModelCatalogService, TrainingFeedbackService, TrainingJobService, InferenceModule],
    };
  }
}

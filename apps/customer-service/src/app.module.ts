import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { topicRegistry } from '@verticals/contracts';
import { CustomerServiceNlpModule, TextAnalysisService } from '@verticals/customer-service-nlp';
import { InferenceEngine, V2InferenceController, V2RepositoryController } from '@verticals/inference';
import { KafkaReadinessCheck, MessagingModule } from '@verticals/messaging';
import {
  MetricsRegistry,
  PlatformModule,
  PlatformPermission,
  ReadinessRegistry,
  ServiceConfig,
  createLogger,
  rateLimitClassOn,
  requirePermissionOn,
  type RolePermissions,
} from '@verticals/platform';
import { type DetectedLanguage } from '@verticals/text-models';
import { type CustomerServiceConfig } from './customer-service.config';
import { customerService } from './customer-service.service';
import { ConversationsController } from './conversations/conversations.controller';
import { ConversationService } from './conversations/conversation.service';
import { ConversationTurnService } from './conversations/conversation-turn.service';
import { MessageAnalyzer } from './conversations/message-analyzer';
import { EscalationsController } from './escalations/escalations.controller';
import { EscalationService } from './escalations/escalation.service';
import { KnowledgeArticlesController } from './knowledge/knowledge-articles.controller';
import { KnowledgeBaseService } from './knowledge/knowledge-base.service';
import { AnalyticsController } from './analytics/analytics.controller';
import { AnalyticsService } from './analytics/analytics.service';
import { MessageReceivedConsumer } from './events/message-received.consumer';

export type { CustomerServiceConfig } from './customer-service.config';

/** Role grants of this service (admin has everything through the platform). */
export const CUSTOMER_SERVICE_PERMISSIONS: RolePermissions = {
  agent: ['conversations:read', 'conversations:write', 'escalations:read', 'escalations:write', 'knowledge:read', 'knowledge:write'],
  service: ['conversations:read', 'conversations:write'],
  analyst: ['analytics:read', 'conversations:read'],
};

// The V2 inference routes: reading and inferring needs models:read, changing what is loaded models:admin.
requirePermissionOn(V2InferenceController, PlatformPermission.ModelsRead);
rateLimitClassOn(V2InferenceController, 'expensive');
requirePermissionOn(V2RepositoryController, PlatformPermission.ModelsRead);
requirePermissionOn(V2RepositoryController, PlatformPermission.ModelsAdmin, ['index', 'load', 'unload']);

const customerServiceTopics = Object.values(topicRegistry).filter((topic) => topic.name.startsWith('customer-service.'));

export function modelRepositoryPath(config: CustomerServiceConfig): string {
  return resolve(config.CS_MODELS_PATH ?? join(config.DATA_DIR, 'models'));
}

/** Registers the Kafka and model readiness checks beside the platform's database check. */
@Module({})
class ReadinessChecksModule implements OnModuleInit {
  constructor(
    @Inject(ReadinessRegistry) private readonly readiness: ReadinessRegistry,
    @Inject(KafkaReadinessCheck) private readonly kafka: KafkaReadinessCheck,
    @Inject(InferenceEngine) private readonly engine: InferenceEngine,
  ) {}

  onModuleInit(): void {
    this.readiness.register(this.kafka);
    this.readiness.register({
      name: 'models',
      check: async () => {
        if (!this.engine.ready()) throw new Error('models are not loaded yet');
      },
    });
  }
}

@Module({})
export class AppModule {
  static register(config: ServiceConfig<CustomerServiceConfig>): DynamicModule {
    const values = config.all();
    // One registry for /metrics, shared with the inference engine the NLP module registers.
    const metrics = new MetricsRegistry(customerService.name);
    const nlp = CustomerServiceNlpModule.register({
      registry: metrics.registry,
      repositoryPath: modelRepositoryPath(values),
      seedRepositoryPath: values.MODELS_SEED_PATH,
      hfSentimentModelPath: values.CS_SENTIMENT_HF_MODEL_PATH,
      supportedLanguages: values.CS_SUPPORTED_LANGUAGES as DetectedLanguage[],
    });
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({ service: customerService, config, metrics, permissions: CUSTOMER_SERVICE_PERMISSIONS }),
        MessagingModule.forRootAsync({
          inject: [ServiceConfig, MetricsRegistry],
          useFactory: (serviceConfig: ServiceConfig<CustomerServiceConfig>, metrics: MetricsRegistry) => ({
            kafka: { brokers: serviceConfig.get('KAFKA_BROKERS'), clientId: customerService.name },
            source: customerService.name,
            topics: customerServiceTopics,
            metricsRegistry: metrics.registry,
            logger: createLogger({ service: customerService.name, level: serviceConfig.get('LOG_LEVEL') }),
          }),
        }),
        nlp,
        { module: ReadinessChecksModule, imports: [nlp] },
      ],
      controllers: [ConversationsController, EscalationsController, KnowledgeArticlesController, AnalyticsController],
      providers: [
        { provide: MessageAnalyzer, useExisting: TextAnalysisService },
        ConversationTurnService,
        ConversationService,
        EscalationService,
        KnowledgeBaseService,
        AnalyticsService,
        MessageReceivedConsumer,
      ],
    };
  }
}

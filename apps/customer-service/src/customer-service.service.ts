import { z } from 'zod';
import { defineService, envInt } from '@verticals/platform';
import { messagingEntities, messagingMigrations } from '@verticals/messaging';
import { customerServiceNlpEntities, customerServiceNlpMigrations } from '@verticals/customer-service-nlp';
import { migrations } from './migrations';
import { Conversation } from './conversations/conversation.entity';
import { Message } from './conversations/message.entity';
import { Escalation } from './escalations/escalation.entity';
import { KnowledgeArticle } from './knowledge/knowledge-article.entity';
import { ESCALATION_RULES } from './escalations/escalation-rules';

const commaList = (defaultValue: string) =>
  z
    .string()
    .default(defaultValue)
    .transform((value) => value.split(',').map((item) => item.trim().toLowerCase()).filter((item) => item !== ''));

const ruleList = commaList(ESCALATION_RULES.join(',')).refine(
  (rules) => rules.every((rule) => (ESCALATION_RULES as readonly string[]).includes(rule)),
  `must be a comma list of: ${ESCALATION_RULES.join(', ')}`,
);

/** The service's own variables (the platform's base ones come on top). */
export const customerServiceConfigShape = {
  /** Set by the launcher; fitted model versions live under `<DATA_DIR>/models` unless CS_MODELS_PATH says otherwise. */
  DATA_DIR: z.string().min(1).default('.data'),
  CS_MODELS_PATH: z.string().min(1).optional(),
  /** Read-only repository with the default model versions, copied into the writable one at first start. */
  MODELS_SEED_PATH: z.string().min(1).default('models'),
  /** A Hugging Face sequence-classification folder (e.g. a DistilBERT SST-2 export) to use for sentiment. */
  CS_SENTIMENT_HF_MODEL_PATH: z.string().min(1).optional(),
  CS_SUPPORTED_LANGUAGES: commaList('en'),
  /** Knowledge-base answers below this confidence (percent) are not given. */
  CS_KB_CONFIDENCE_PCT: envInt(50, 0, 100),
  /** Intent confidence (percent) from which complaint / human_request count for escalation. */
  CS_INTENT_CONFIDENCE_PCT: envInt(40, 0, 100),
  CS_ESCALATION_RULES: ruleList,
  CS_ESCALATION_NEGATIVE_STREAK: envInt(2, 1, 50),
  CS_ESCALATION_TREND_WINDOW: envInt(3, 2, 50),
  /** Fall of sentiment polarity (percent of the -1..1 scale's half, i.e. 60 = 0.6) that escalates. */
  CS_ESCALATION_TREND_DROP_PCT: envInt(60, 1, 200),
  CS_ESCALATION_LOW_CONFIDENCE_STREAK: envInt(3, 1, 50),
  /** How often a replica reloads a tenant's knowledge base to see other replicas' edits. */
  CS_KB_REFRESH_MS: envInt(30_000, 0, 3_600_000),
  /** Conversations whose latest state a replica keeps after writing a turn, to skip the next turn's read (0 = off). */
  CS_CONVERSATION_CACHE_SIZE: envInt(5_000, 0, 1_000_000),
};

export const customerService = defineService({
  name: 'customer-service',
  description: 'Support chatbot: intents, answers, sentiment and escalation to human agents.',
  port: { variable: 'CUSTOMER_SERVICE_PORT', default: 3101 },
  config: customerServiceConfigShape,
  database: {
    schema: 'customer_service',
    entities: [...messagingEntities, ...customerServiceNlpEntities, Conversation, Message, Escalation, KnowledgeArticle],
    migrations: [...messagingMigrations, ...customerServiceNlpMigrations, ...migrations],
  },
});

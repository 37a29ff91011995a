export { eventEnvelopeSchema, topicNamePattern, type EventEnvelope, type EventEnvelopeShape } from './envelope/event-envelope.schema';
export {
  type TopicDefinition,
  type TopicProvisioning,
  type TopicPayload,
  type TopicPayloadAnyVersion,
  type DeadLetterTopicName,
} from './topics/topic-definition';
export { topicRegistry, type TopicRegistry, type TopicName, type TopicDataByName } from './topics/topic-registry';
export {
  channelSchema,
  maskedTextSchema,
  sentimentSchema,
  intentSchema,
  entityIdSchema,
  customerServiceRetention,
} from './topics/customer-service.shared-schema';
export { messageReceivedTopic, messageReceivedV1Schema, type MessageReceived, type MessageReceivedV1 } from './topics/customer-service-message-received';
export { messageAnalyzedTopic, messageAnalyzedV1Schema, type MessageAnalyzed, type MessageAnalyzedV1 } from './topics/customer-service-message-analyzed';
export { replySentTopic, replySentV1Schema, type ReplySent, type ReplySentV1 } from './topics/customer-service-reply-sent';
export {
  escalationRequestedTopic,
  escalationRequestedV1Schema,
  escalationReasonCodes,
  type EscalationRequested,
  type EscalationRequestedV1,
} from './topics/customer-service-escalation-requested';
export {
  conversationResolvedTopic,
  conversationResolvedV1Schema,
  resolutionCodes,
  type ConversationResolved,
  type ConversationResolvedV1,
} from './topics/customer-service-conversation-resolved';

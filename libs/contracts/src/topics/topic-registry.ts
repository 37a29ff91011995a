import { conversationResolvedTopic } from './customer-service-conversation-resolved';
import { escalationRequestedTopic } from './customer-service-escalation-requested';
import { messageAnalyzedTopic } from './customer-service-message-analyzed';
import { messageReceivedTopic } from './customer-service-message-received';
import { replySentTopic } from './customer-service-reply-sent';
import { type TopicPayload } from './topic-definition';

/** Every topic the services exchange, by name. Provisioning iterates over it at startup. */
export const topicRegistry = {
  [messageReceivedTopic.name]: messageReceivedTopic,
  [messageAnalyzedTopic.name]: messageAnalyzedTopic,
  [replySentTopic.name]: replySentTopic,
  [escalationRequestedTopic.name]: escalationRequestedTopic,
  [conversationResolvedTopic.name]: conversationResolvedTopic,
} as const;

export type TopicRegistry = typeof topicRegistry;
export type TopicName = keyof TopicRegistry;
export type TopicDataByName<TName extends TopicName> = TopicPayload<TopicRegistry[TName]>;

import { type TopicDefinition } from '../topic-definition';
import { customerServiceRetention } from '../customer-service.shared-schema';
import { conversationResolvedKeyField } from './conversation-resolved.key';
import { conversationResolvedV1Schema } from './conversation-resolved.schema';

export const conversationResolvedTopic = {
  name: 'customer-service.conversation.resolved',
  keyField: conversationResolvedKeyField,
  versions: { 1: conversationResolvedV1Schema },
  currentVersion: 1,
  provisioning: { partitions: 3, retentionMs: customerServiceRetention.events },
  deadLetterProvisioning: { partitions: 1, retentionMs: customerServiceRetention.deadLetters },
} as const satisfies TopicDefinition;

export { conversationResolvedV1Schema, resolutionCodes } from './conversation-resolved.schema';
export { type ConversationResolved, type ConversationResolvedV1 } from './conversation-resolved.types';

import { type TopicDefinition } from '../topic-definition';
import { customerServiceRetention } from '../customer-service.shared-schema';
import { messageAnalyzedKeyField } from './message-analyzed.key';
import { messageAnalyzedV1Schema } from './message-analyzed.schema';

export const messageAnalyzedTopic = {
  name: 'customer-service.message.analyzed',
  keyField: messageAnalyzedKeyField,
  versions: { 1: messageAnalyzedV1Schema },
  currentVersion: 1,
  provisioning: { partitions: 6, retentionMs: customerServiceRetention.events },
  deadLetterProvisioning: { partitions: 1, retentionMs: customerServiceRetention.deadLetters },
} as const satisfies TopicDefinition;

export { messageAnalyzedV1Schema } from './message-analyzed.schema';
export { type MessageAnalyzed, type MessageAnalyzedV1 } from './message-analyzed.types';

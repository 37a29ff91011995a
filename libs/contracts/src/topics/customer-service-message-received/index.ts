import { type TopicDefinition } from '../topic-definition';
import { customerServiceRetention } from '../customer-service.shared-schema';
import { messageReceivedKeyField } from './message-received.key';
import { messageReceivedV1Schema } from './message-received.schema';

export const messageReceivedTopic = {
  name: 'customer-service.message.received',
  keyField: messageReceivedKeyField,
  versions: { 1: messageReceivedV1Schema },
  currentVersion: 1,
  provisioning: { partitions: 6, retentionMs: customerServiceRetention.events },
  deadLetterProvisioning: { partitions: 1, retentionMs: customerServiceRetention.deadLetters },
} as const satisfies TopicDefinition;

export { messageReceivedV1Schema } from './message-received.schema';
export { type MessageReceived, type MessageReceivedV1 } from './message-received.types';

import { type TopicDefinition } from '../topic-definition';
import { customerServiceRetention } from '../customer-service.shared-schema';
import { replySentKeyField } from './reply-sent.key';
import { replySentV1Schema } from './reply-sent.schema';

export const replySentTopic = {
  name: 'customer-service.reply.sent',
  keyField: replySentKeyField,
  versions: { 1: replySentV1Schema },
  currentVersion: 1,
  provisioning: { partitions: 6, retentionMs: customerServiceRetention.events },
  deadLetterProvisioning: { partitions: 1, retentionMs: customerServiceRetention.deadLetters },
} as const satisfies TopicDefinition;

export { replySentV1Schema } from './reply-sent.schema';
export { type ReplySent, type ReplySentV1 } from './reply-sent.types';

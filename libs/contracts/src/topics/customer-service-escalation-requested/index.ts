import { type TopicDefinition } from '../topic-definition';
import { customerServiceRetention } from '../customer-service.shared-schema';
import { escalationRequestedKeyField } from './escalation-requested.key';
import { escalationRequestedV1Schema } from './escalation-requested.schema';

export const escalationRequestedTopic = {
  name: 'customer-service.escalation.requested',
  keyField: escalationRequestedKeyField,
  versions: { 1: escalationRequestedV1Schema },
  currentVersion: 1,
  provisioning: { partitions: 3, retentionMs: customerServiceRetention.events },
  deadLetterProvisioning: { partitions: 1, retentionMs: customerServiceRetention.deadLetters },
} as const satisfies TopicDefinition;

export { escalationRequestedV1Schema, escalationReasonCodes } from './escalation-requested.schema';
export { type EscalationRequested, type EscalationRequestedV1 } from './escalation-requested.types';

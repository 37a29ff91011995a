import { type IHeaders } from 'kafkajs';
import { type DeadLetterReason } from '../envelope/envelope-decoder';

/** Provenance headers on a dead letter; the replay tool reads them and strips them. */
export const deadLetterHeader = {
  originalTopic: 'x-dlq-original-topic',
  originalPartition: 'x-dlq-original-partition',
  originalOffset: 'x-dlq-original-offset',
  consumerGroup: 'x-dlq-consumer-group',
  reason: 'x-dlq-reason',
  error: 'x-dlq-error',
  attempts: 'x-dlq-attempts',
  failedAt: 'x-dlq-failed-at',
} as const;

export interface DeadLetterProvenance {
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  consumerGroup: string;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
}

/** A record's headers (kept byte for byte) without any dead-letter provenance headers. */
export function withoutProvenance(original: IHeaders | undefined): Record<string, Buffer | string> {
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(original ?? {})) {
    if (value === undefined || name.startsWith('x-dlq-')) continue;
    headers[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  }
  return headers;
}

/** The original headers (kept byte for byte) plus the provenance headers. */
export function deadLetterHeaders(original: IHeaders | undefined, provenance: DeadLetterProvenance): Record<string, Buffer | string> {
  const headers = withoutProvenance(original);
  headers[deadLetterHeader.originalTopic] = provenance.originalTopic;
  headers[deadLetterHeader.originalPartition] = String(provenance.originalPartition);
  headers[deadLetterHeader.originalOffset] = provenance.originalOffset;
  headers[deadLetterHeader.consumerGroup] = provenance.consumerGroup;
  headers[deadLetterHeader.reason] = provenance.reason;
  headers[deadLetterHeader.error] = provenance.error.slice(0, 4000);
  headers[deadLetterHeader.attempts] = String(provenance.attempts);
  headers[deadLetterHeader.failedAt] = new Date().toISOString();
  return headers;
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

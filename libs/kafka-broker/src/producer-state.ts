import { ErrorCode } from './error-codes';
import { type BatchHeader } from './record-batch';

/** How many recent batches per producer and partition are remembered for duplicate detection (as Kafka). */
const RECENT_BATCHES = 5;
const SEQUENCE_WRAP = 2 ** 31;

interface SequenceRange {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly baseOffset: number;
}

interface ProducerPartitionState {
  epoch: number;
  recent: SequenceRange[];
}

export type SequenceVerdict =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'reject'; readonly errorCode: ErrorCode };

function lastSequenceOf(header: BatchHeader): number {
  return (header.baseSequence + header.lastOffsetDelta) % SEQUENCE_WRAP;
}

/**
 * Idempotent-producer bookkeeping (KIP-98): per partition and producer id, the epoch and the
 * sequence ranges of the last five batches, so a retried batch is answered with its original
 * offset instead of being appended twice.
 */
export class ProducerStateTable {
  private readonly partitions = new Map<string, Map<number, ProducerPartitionState>>();
  private highestProducerId = -1;

  get maxProducerId(): number {
    return this.highestProducerId;
  }

  check(partitionKey: string, header: BatchHeader): SequenceVerdict {
    if (header.producerId < 0) return { kind: 'append' };
    const state = this.partitions.get(partitionKey)?.get(header.producerId);
    if (!state) return { kind: 'append' };
    if (header.producerEpoch < state.epoch) return { kind: 'reject', errorCode: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (header.producerEpoch > state.epoch) {
      return header.baseSequence === 0 ? { kind: 'append' } : { kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const lastSequence = lastSequenceOf(header);
    const duplicate = state.recent.find((range) => range.firstSequence === header.baseSequence && range.lastSequence === lastSequence);
    if (duplicate) return { kind: 'duplicate', baseOffset: duplicate.baseOffset };
    const previous = state.recent[state.recent.length - 1];
    const expected = previous ? (previous.lastSequence + 1) % SEQUENCE_WRAP : header.baseSequence;
    if (header.baseSequence !== expected) return { kind: 'reject', errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    return { kind: 'append' };
  }

  record(partitionKey: string, header: BatchHeader, baseOffset: number): void {
    if (header.producerId < 0) return;
    this.highestProducerId = Math.max(this.highestProducerId, header.producerId);
    let producers = this.partitions.get(partitionKey);
    if (!producers) {
      producers = new Map();
      this.partitions.set(partitionKey, producers);
    }
    let state = producers.get(header.producerId);
    if (!state || state.epoch !== header.producerEpoch) {
      state = { epoch: header.producerEpoch, recent: [] };
      producers.set(header.producerId, state);
    }
    state.recent.push({ firstSequence: header.baseSequence, lastSequence: lastSequenceOf(header), baseOffset });
    if (state.recent.length > RECENT_BATCHES) state.recent.shift();
  }

  /** Rebuilds state from batch headers read back from disk (their base offsets are final). */
  rebuild(partitionKey: string, headers: readonly BatchHeader[]): void {
    for (const header of headers) this.record(partitionKey, header, header.baseOffset);
  }

  forgetPartition(partitionKey: string): void {
    this.partitions.delete(partitionKey);
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed attempts at one record (group, topic, partition, offset). Kept in the database so that a
 * restart or a rebalance continues the count instead of retrying forever.
 */
@Entity({ name: 'messaging_consumer_attempts' })
export class ConsumerAttemptEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ type: 'text' })
  topic!: string;

  @PrimaryColumn({ type: 'integer' })
  partition!: number;

  /** Kafka offsets are int64; kept as text to avoid precision loss. */
  @PrimaryColumn({ name: 'offset', type: 'bigint' })
  offset!: string;

  @Column({ type: 'integer' })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text' })
  lastError!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}

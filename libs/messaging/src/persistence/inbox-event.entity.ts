import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per event a consumer group has applied; written in the same transaction as the effect. */
@Entity({ name: 'messaging_inbox' })
@Index('messaging_inbox_processed_at_idx', ['processedAt'])
export class InboxEventEntity {
  @PrimaryColumn({ name: 'consumer_group', type: 'text' })
  consumerGroup!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}

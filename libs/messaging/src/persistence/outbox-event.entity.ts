import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An event committed together with the state change it follows; the relay publishes and marks it. */
@Entity({ name: 'messaging_outbox' })
export class OutboxEventEntity {
  /** Insertion order; the relay publishes in this order per (topic, key). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  topic!: string;

  @Column({ type: 'text' })
  key!: string;

  /** The encoded envelope, exactly the bytes the record value will carry. */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  headers!: Record<string, string>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

export function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}

/**
 * Inbox, consumer attempts and outbox in the service's own schema. The statement-level NOTIFY trigger it
 * created is dropped by DropOutboxNotify1795392000000 (relays are woken in-process now).
 */
export class CreateMessagingTables1763856000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${s}.messaging_inbox (
      consumer_group text NOT NULL,
      event_id uuid NOT NULL,
      topic text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id))`);
    await queryRunner.query(`CREATE INDEX messaging_inbox_processed_at_idx ON ${s}.messaging_inbox (processed_at)`);
    await queryRunner.query(`CREATE TABLE ${s}.messaging_consumer_attempts (
      consumer_group text NOT NULL,
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      attempts integer NOT NULL,
      last_error text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, topic, partition, "offset"))`);
    await queryRunner.query(`CREATE TABLE ${s}.messaging_outbox (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL,
      topic text NOT NULL,
      key text NOT NULL,
      payload text NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz)`);
    await queryRunner.query(`CREATE INDEX messaging_outbox_unsent_idx ON ${s}.messaging_outbox (id) WHERE sent_at IS NULL`);
    await queryRunner.query(`CREATE INDEX messaging_outbox_unsent_key_idx ON ${s}.messaging_outbox (topic, key, id) WHERE sent_at IS NULL`);
    await queryRunner.query(`CREATE INDEX messaging_outbox_sent_at_idx ON ${s}.messaging_outbox (sent_at) WHERE sent_at IS NOT NULL`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION ${s}.messaging_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('messaging_outbox', TG_TABLE_SCHEMA); RETURN NULL; END $$`);
    await queryRunner.query(`CREATE TRIGGER messaging_outbox_notify AFTER INSERT ON ${s}.messaging_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.messaging_outbox_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.messaging_outbox`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${s}.messaging_outbox_notify()`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.messaging_consumer_attempts`);
    await queryRunner.query(`DROP TABLE IF EXISTS ${s}.messaging_inbox`);
  }
}

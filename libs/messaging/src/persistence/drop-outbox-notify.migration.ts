import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { schemaOf } from './create-messaging-tables.migration';

/**
 * Relays are now woken in-process when outbox rows commit (outbox-commit-signal.ts); the NOTIFY per
 * writing transaction cost PostgreSQL ~0.3 ms of CPU per message.
 */
export class DropOutboxNotify1795392000000 implements MigrationInterface {
  name = 'DropOutboxNotify1795392000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`DROP TRIGGER IF EXISTS messaging_outbox_notify ON ${s}.messaging_outbox`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS ${s}.messaging_outbox_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION ${s}.messaging_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('messaging_outbox', TG_TABLE_SCHEMA); RETURN NULL; END $$`);
    await queryRunner.query(`CREATE TRIGGER messaging_outbox_notify AFTER INSERT ON ${s}.messaging_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION ${s}.messaging_outbox_notify()`);
  }
}

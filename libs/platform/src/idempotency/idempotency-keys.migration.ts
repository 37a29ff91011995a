import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Stored responses of POSTs that carried an Idempotency-Key, per tenant, kept for a day. */
export class IdempotencyKeys1763860000002 implements MigrationInterface {
  name = 'IdempotencyKeys1763860000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_keys" (
      tenant_id text NOT NULL,
      key text NOT NULL,
      method text NOT NULL,
      route text NOT NULL,
      request_hash text NOT NULL,
      state text NOT NULL CHECK (state IN ('in_progress', 'completed')),
      response_status integer,
      response_body jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, key)
    )`);
    await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_at" ON "idempotency_keys" (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}

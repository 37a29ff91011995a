import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Marks the schema as owned by customer-service; the domain tables arrive with their features. */
export class Baseline1763870000000 implements MigrationInterface {
  name = 'Baseline1763870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`COMMENT ON SCHEMA "customer_service" IS 'Owned by customer-service; no other service reads it.'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`COMMENT ON SCHEMA "customer_service" IS NULL`);
  }
}

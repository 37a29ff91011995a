import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { applyAuthSchema } from './auth-schema';

/** The shared `auth.api_keys` table; idempotent, so every service can list it. */
export class AuthApiKeys1763860000000 implements MigrationInterface {
  name = 'AuthApiKeys1763860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await applyAuthSchema(queryRunner);
  }

  async down(): Promise<void> {
    // Other services share these keys; reverting one service must not delete them.
  }
}

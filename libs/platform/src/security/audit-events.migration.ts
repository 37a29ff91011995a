import { type MigrationInterface, type QueryRunner } from 'typeorm';

export function serviceSchemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}

/**
 * The service's append-only audit trail. Triggers reject UPDATE, DELETE and TRUNCATE for every
 * role, the table owner included; only a migration that drops the triggers could change history.
 */
export class AuditEvents1763860000001 implements MigrationInterface {
  name = 'AuditEvents1763860000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = serviceSchemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${schema}."audit_events" (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      tenant_id text,
      actor_type text NOT NULL,
      actor_id text,
      action text NOT NULL,
      method text,
      route text,
      resource_id text,
      status_code integer,
      correlation_id text,
      request_id text,
      details jsonb NOT NULL DEFAULT '{}'::jsonb
    )`);
    await queryRunner.query(
      `CREATE INDEX "audit_events_tenant_idx" ON ${schema}."audit_events" (tenant_id, id DESC)`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_tenant_time_idx" ON ${schema}."audit_events" (tenant_id, occurred_at)`,
    );
    await queryRunner.query(`CREATE FUNCTION ${schema}."audit_events_reject_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await queryRunner.query(`CREATE TRIGGER "audit_events_no_update_delete" BEFORE UPDATE OR DELETE ON ${schema}."audit_events"
      FOR EACH ROW EXECUTE FUNCTION ${schema}."audit_events_reject_change"()`);
    await queryRunner.query(`CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON ${schema}."audit_events"
      FOR EACH STATEMENT EXECUTE FUNCTION ${schema}."audit_events_reject_change"()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}."audit_events" FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = serviceSchemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE ${schema}."audit_events"`);
    await queryRunner.query(`DROP FUNCTION ${schema}."audit_events_reject_change"()`);
  }
}

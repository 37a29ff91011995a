import { type MigrationInterface, type QueryRunner } from 'typeorm';

function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'public';
  return `"${schema.replace(/"/g, '""')}"`;
}

/** Model activations, fitted versions, training jobs and agents' label feedback, in the service's schema. */
export class CreateCustomerServiceNlpTables1763880000000 implements MigrationInterface {
  name = 'CreateCustomerServiceNlpTables1763880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    await queryRunner.query(`CREATE TABLE ${s}.cs_nlp_model_activations (
      tenant_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sentiment', 'intent')),
      version integer NOT NULL,
      previous_version integer,
      activated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, kind))`);
    await queryRunner.query(`CREATE TABLE ${s}.cs_nlp_model_versions (
      kind text NOT NULL CHECK (kind IN ('sentiment', 'intent')),
      version integer NOT NULL,
      tenant_id text NOT NULL,
      job_id uuid NOT NULL,
      labels jsonb NOT NULL,
      metrics jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, version))`);
    await queryRunner.query(`CREATE INDEX cs_nlp_model_versions_tenant_idx ON ${s}.cs_nlp_model_versions (tenant_id, kind)`);
    await queryRunner.query(`CREATE TABLE ${s}.cs_nlp_training_jobs (
      id uuid PRIMARY KEY,
      tenant_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sentiment', 'intent')),
      status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
      progress double precision NOT NULL DEFAULT 0,
      stage text NOT NULL DEFAULT 'queued',
      row_count integer NOT NULL,
      include_feedback boolean NOT NULL DEFAULT false,
      custom_labels boolean NOT NULL DEFAULT false,
      rows jsonb,
      metrics jsonb,
      model_version integer,
      error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz)`);
    await queryRunner.query(`CREATE INDEX cs_nlp_training_jobs_tenant_idx ON ${s}.cs_nlp_training_jobs (tenant_id, kind, created_at DESC)`);
    await queryRunner.query(`CREATE INDEX cs_nlp_training_jobs_status_idx ON ${s}.cs_nlp_training_jobs (status, created_at)`);
    await queryRunner.query(`CREATE TABLE ${s}.cs_nlp_training_feedback (
      id bigserial PRIMARY KEY,
      tenant_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('sentiment', 'intent')),
      text text NOT NULL,
      label text NOT NULL,
      conversation_id text,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE INDEX cs_nlp_training_feedback_tenant_idx ON ${s}.cs_nlp_training_feedback (tenant_id, kind)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const s = schemaOf(queryRunner);
    for (const table of ['cs_nlp_training_feedback', 'cs_nlp_training_jobs', 'cs_nlp_model_versions', 'cs_nlp_model_activations']) {
      await queryRunner.query(`DROP TABLE ${s}.${table}`);
    }
  }
}

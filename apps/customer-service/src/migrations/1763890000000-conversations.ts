import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Conversations, their messages (with analyses), escalations and knowledge-base articles. */
export class Conversations1763890000000 implements MigrationInterface {
  name = 'Conversations1763890000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'customer_service';
    await queryRunner.query(`
      CREATE TABLE "${schema}".conversations (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        customer_id text NOT NULL,
        channel text NOT NULL,
        language text,
        status text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'waiting_for_agent', 'agent', 'resolved')),
        low_confidence_streak integer NOT NULL DEFAULT 0,
        message_count integer NOT NULL DEFAULT 0,
        agent_id text,
        escalated boolean NOT NULL DEFAULT false,
        resolution text,
        resolution_code text,
        resolved_by text,
        correct_intent text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        resolved_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX conversations_tenant_created_idx ON "${schema}".conversations (tenant_id, created_at, id)`);
    await queryRunner.query(`CREATE INDEX conversations_customer_idx ON "${schema}".conversations (tenant_id, customer_id, channel, status)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".messages (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id uuid NOT NULL REFERENCES "${schema}".conversations (id) ON DELETE CASCADE,
        author text NOT NULL CHECK (author IN ('customer', 'bot', 'agent')),
        agent_id text,
        text text NOT NULL,
        pii_kinds jsonb NOT NULL DEFAULT '[]'::jsonb,
        sentiment_label text,
        sentiment_score real,
        sentiment_confidence real,
        intent_name text,
        intent_confidence real,
        language text,
        language_supported boolean,
        models jsonb,
        article_id uuid,
        answer_confidence real,
        external_message_id text,
        created_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX messages_conversation_idx ON "${schema}".messages (tenant_id, conversation_id, created_at, id)`);
    await queryRunner.query(`CREATE INDEX messages_tenant_created_idx ON "${schema}".messages (tenant_id, created_at)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".escalations (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        conversation_id uuid NOT NULL REFERENCES "${schema}".conversations (id) ON DELETE CASCADE,
        customer_id text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved')),
        priority text NOT NULL,
        rules jsonb NOT NULL,
        summary jsonb NOT NULL,
        claimed_by text,
        created_at timestamptz NOT NULL,
        claimed_at timestamptz,
        resolved_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX escalations_queue_idx ON "${schema}".escalations (tenant_id, status, created_at, id)`);
    await queryRunner.query(`CREATE INDEX escalations_conversation_idx ON "${schema}".escalations (tenant_id, conversation_id)`);
    await queryRunner.query(`
      CREATE TABLE "${schema}".knowledge_articles (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        questions jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX knowledge_articles_tenant_idx ON "${schema}".knowledge_articles (tenant_id, created_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = (queryRunner.connection.options as { schema?: string }).schema ?? 'customer_service';
    await queryRunner.query(`DROP TABLE "${schema}".knowledge_articles`);
    await queryRunner.query(`DROP TABLE "${schema}".escalations`);
    await queryRunner.query(`DROP TABLE "${schema}".messages`);
    await queryRunner.query(`DROP TABLE "${schema}".conversations`);
  }
}

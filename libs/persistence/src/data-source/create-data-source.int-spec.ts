import { type MigrationInterface, type QueryRunner } from 'typeorm';
import { startTestPostgres, type TestPostgres } from '../testing';
import { createServiceDataSource, DatabaseUnavailableError, initializeServiceDataSource } from './create-data-source';

class CreateWidgets1700000000001 implements MigrationInterface {
  name = 'CreateWidgets1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "widgets" (id int PRIMARY KEY)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "widgets"`);
  }
}

class AddWidgetName1700000000002 implements MigrationInterface {
  name = 'AddWidgetName1700000000002';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "widgets" ADD COLUMN name text NOT NULL DEFAULT ''`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "widgets" DROP COLUMN name`);
  }
}

describe('service data source', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    postgres = await startTestPostgres();
  });
  afterAll(async () => postgres.stop());

  it('creates the service schema and applies each migration once, in order, inside that schema', async () => {
    const url = await postgres.createDatabase();
    const options = { url, schema: 'widget_service', entities: [], migrations: [CreateWidgets1700000000001] };
    const first = createServiceDataSource(options);
    await initializeServiceDataSource(first, options);
    await first.destroy();

    const upgraded = { ...options, migrations: [CreateWidgets1700000000001, AddWidgetName1700000000002] };
    const second = createServiceDataSource(upgraded);
    await initializeServiceDataSource(second, upgraded);
    try {
      const applied = await second.query(`SELECT name FROM "widget_service"."migrations" ORDER BY id`);
      expect(applied.map((row: { name: string }) => row.name)).toEqual(['CreateWidgets1700000000001', 'AddWidgetName1700000000002']);
      const columns = await second.query(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'widget_service' AND table_name = 'widgets' ORDER BY ordinal_position`,
      );
      expect(columns.map((row: { column_name: string }) => row.column_name)).toEqual(['id', 'name']);
      const publicTables = await second.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
      expect(publicTables).toEqual([]);
    } finally {
      await second.destroy();
    }
  });

  it('fails with one plain sentence naming the host when the database cannot be reached', async () => {
    const options = { url: 'postgres://user:secret@unreachable.invalid:5432/db', schema: 's', entities: [], migrations: [], connectTimeoutMs: 500 };
    const failure = initializeServiceDataSource(createServiceDataSource(options), options);
    await expect(failure).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(failure).rejects.toThrow(/^cannot connect to PostgreSQL at postgres:\/\/user:\*\*\*@unreachable\.invalid:5432\/db: .*ENOTFOUND/);
  });
});

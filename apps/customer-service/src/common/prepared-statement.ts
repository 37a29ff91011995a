import { createHash } from 'node:crypto';
import { type Pool, type PoolClient } from 'pg';
import { type DataSource, type EntityManager } from 'typeorm';

const names = new Map<string, string>();

/** One name per distinct SQL text: pg prepares a named statement once per connection and reuses the plan. */
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `cs_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a hot, fixed SQL text as a named prepared statement on the connection of `manager`'s open
 * transaction (parse and plan once per connection instead of once per message). Same transaction, same
 * parameters and rows as `manager.query`.
 */
export async function queryPrepared<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('queryPrepared needs the entity manager of an open transaction');
  // In an open transaction connect() hands back the connection the transaction runs on.
  const client = (await runner.connect()) as PoolClient;
  const result = await client.query<T & Record<string, unknown>>({ name: statementName(text), text, values });
  return result.rows;
}

/**
 * Runs a hot, fixed SQL text as a named prepared statement on any pooled connection, outside a
 * transaction: for a statement that is atomic by itself (one statement, data-modifying CTEs included).
 */
export async function queryPreparedOnPool<T>(dataSource: DataSource, text: string, values: unknown[]): Promise<T[]> {
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  const result = await pool.query<T & Record<string, unknown>>({ name: statementName(text), text, values });
  return result.rows;
}

/** Where a statement runs: a transaction's connection, or the pool. */
export type SqlRunner = <T>(text: string, values: unknown[]) => Promise<T[]>;

export const inTransaction =
  (manager: EntityManager): SqlRunner =>
  (text, values) =>
    queryPrepared(manager, text, values);

export const onPool =
  (dataSource: DataSource): SqlRunner =>
  (text, values) =>
    queryPreparedOnPool(dataSource, text, values);

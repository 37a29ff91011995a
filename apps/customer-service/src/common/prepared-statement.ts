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

/** Runs a hot, fixed SQL text as a named prepared statement (parse and plan once per connection, not per message). */
export type SqlRunner = <T>(text: string, values: unknown[]) => Promise<T[]>;

/** On the connection of `manager`'s open transaction: same transaction, parameters and rows as `manager.query`. */
export function inTransaction(manager: EntityManager): SqlRunner {
  return async <T>(text: string, values: unknown[]) => {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) throw new Error('inTransaction needs the entity manager of an open transaction');
    // In an open transaction connect() hands back the connection the transaction runs on.
    const client = (await runner.connect()) as PoolClient;
    return (await client.query<T & Record<string, unknown>>({ name: statementName(text), text, values })).rows;
  };
}

/** On any pooled connection, outside a transaction: for a statement that is atomic by itself (data-modifying CTEs included). */
export function onPool(dataSource: DataSource): SqlRunner {
  return async <T>(text: string, values: unknown[]) => {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    return (await pool.query<T & Record<string, unknown>>({ name: statementName(text), text, values })).rows;
  };
}

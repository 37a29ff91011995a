import { type DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';

/**
 * Tells the outbox relays of this process that outbox rows committed, without a database round trip.
 * It replaced a NOTIFY per writing transaction, which cost PostgreSQL ~0.3 ms of CPU per message (its
 * notification queue and a wake-up of the listening backend) and this process a socket read. Rows written
 * by other processes (another replica, a script) are found by the relay's polling (`pollIntervalMs`).
 */
const wakers = new WeakMap<DataSource, Set<() => void>>();
const OUTBOX_WRITTEN = 'messaging.outboxWritten';

/** Calls `wake` whenever outbox rows of `dataSource` commit in this process; returns the unsubscribe. */
export function onOutboxCommitted(dataSource: DataSource, wake: () => void): () => void {
  let set = wakers.get(dataSource);
  if (!set) {
    set = new Set();
    wakers.set(dataSource, set);
    dataSource.subscribers.push(new OutboxCommitSubscriber());
  }
  set.add(wake);
  return () => set.delete(wake);
}

/** Outbox rows of `dataSource` are committed (a statement outside a transaction has completed). */
export function outboxCommitted(dataSource: DataSource): void {
  for (const wake of wakers.get(dataSource) ?? []) wake();
}

/** Marks the transaction of `queryRunner` as one that wrote outbox rows: the relays wake when it commits. */
export function markOutboxWritten(queryRunner: QueryRunner | undefined): void {
  if (queryRunner) (queryRunner.data as Record<string, unknown>)[OUTBOX_WRITTEN] = true;
}

class OutboxCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    // A released savepoint also broadcasts a commit: only the outermost COMMIT makes the rows visible.
    if (event.queryRunner.isTransactionActive || !takeMark(event.queryRunner)) return;
    outboxCommitted(event.queryRunner.connection);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) takeMark(event.queryRunner);
  }
}

function takeMark(queryRunner: QueryRunner): boolean {
  const data = queryRunner.data as Record<string, unknown>;
  const marked = data[OUTBOX_WRITTEN] === true;
  delete data[OUTBOX_WRITTEN];
  return marked;
}

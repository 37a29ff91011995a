import { type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { ConsumerAttemptEntity } from './consumer-attempt.entity';
import { CreateMessagingTables1763856000000 } from './create-messaging-tables.migration';
import { DropOutboxNotify1795392000000 } from './drop-outbox-notify.migration';
import { InboxEventEntity } from './inbox-event.entity';
import { OutboxEventEntity } from './outbox-event.entity';

/** Add to the service's DataSource `entities`. */
export const messagingEntities = [InboxEventEntity, ConsumerAttemptEntity, OutboxEventEntity];
/** Add to the service's DataSource `migrations`. */
export const messagingMigrations = [CreateMessagingTables1763856000000, DropOutboxNotify1795392000000];

/** Schema-qualified, quoted table name of a messaging entity in this DataSource. */
export function qualifiedTable(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): string {
  if (!dataSource.hasMetadata(entity)) {
    throw new Error('messaging tables are not registered: add messagingEntities and messagingMigrations to the DataSource');
  }
  const metadata = dataSource.getMetadata(entity);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  return metadata.schema ? `${quote(metadata.schema)}.${quote(metadata.tableName)}` : quote(metadata.tableName);
}

export interface MessagingTables {
  inbox: string;
  attempts: string;
  outbox: string;
}

export function messagingTables(dataSource: DataSource): MessagingTables {
  return {
    inbox: qualifiedTable(dataSource, InboxEventEntity),
    attempts: qualifiedTable(dataSource, ConsumerAttemptEntity),
    outbox: qualifiedTable(dataSource, OutboxEventEntity),
  };
}

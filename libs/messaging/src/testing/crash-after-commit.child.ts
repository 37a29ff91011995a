// A service that commits a state change with its outbox event and is killed (SIGKILL) before any
// relay could publish it. Args: <databaseUrl> <kafkaBrokers> <schema> <topic> <orderId>.
import { Outbox } from '../outbox/outbox';
import { createMessagingFixture, orderTopic } from './messaging-fixture';

async function main(): Promise<void> {
  const [databaseUrl, kafkaBrokers, schema, topicName, orderId] = process.argv.slice(2);
  const topic = orderTopic(3, topicName);
  const fixture = await createMessagingFixture(databaseUrl, kafkaBrokers, [topic], schema);
  const outbox = new Outbox({ source: 'crashing-service', defaultTenantId: 'tenant-a' });
  const envelope = await fixture.dataSource.transaction(async (manager) => {
    await manager.query(`INSERT INTO ${fixture.effectsTable} (event_id, order_id, sequence) VALUES (gen_random_uuid(), $1, 0)`, [orderId]);
    return outbox.enqueue(manager, topic, orderId, { orderId, sequence: 1 });
  });
  process.stdout.write(`${envelope.id}\n`);
  process.kill(process.pid, 'SIGKILL');
}

void main();

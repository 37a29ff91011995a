// A kafkajs group member in its own process, so a test can kill -9 it (a consumer that dies
// without leaving its group). Prints one JSON line per assignment it receives.
import { Kafka, logLevel } from 'kafkajs';

async function main(): Promise<void> {
  const [brokers, topic, groupId] = process.argv.slice(2);
  const kafka = new Kafka({ brokers: [brokers], clientId: 'doomed-consumer', logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 1500, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    process.stdout.write(JSON.stringify({ assignment: event.payload.memberAssignment }) + '\n');
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => undefined });
}

main().catch((error: unknown) => {
  process.stderr.write(String(error) + '\n');
  process.exit(1);
});

import { type Kafka, type ITopicConfig } from 'kafkajs';
import { type TopicDefinition, type TopicProvisioning } from '@verticals/contracts';

/** Dead letters of `topic` go to `<topic>.dlq`. */
export function deadLetterTopicName(topic: string): string {
  return `${topic}.dlq`;
}

export function topicConfigs(topics: readonly TopicDefinition[], replicationFactor = -1): ITopicConfig[] {
  const config = (topic: string, provisioning: TopicProvisioning): ITopicConfig => ({
    topic,
    numPartitions: provisioning.partitions,
    replicationFactor,
    configEntries: [{ name: 'retention.ms', value: String(provisioning.retentionMs) }],
  });
  return topics.flatMap((topic) => [config(topic.name, topic.provisioning), config(deadLetterTopicName(topic.name), topic.deadLetterProvisioning)]);
}

/**
 * Creates each topic and its `.dlq` with the registry's partitions and retention. Existing topics
 * are left as they are (TOPIC_ALREADY_EXISTS is not an error); returns the names it created.
 */
export async function provisionTopics(kafka: Kafka, topics: readonly TopicDefinition[], replicationFactor = -1): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topicConfigs(topics, replicationFactor).filter((config) => !existing.has(config.topic));
    if (missing.length === 0) return [];
    // kafkajs resolves false (not an error) when every failure is TOPIC_ALREADY_EXISTS, e.g. a
    // replica of the same service provisioning at the same moment.
    await admin.createTopics({ topics: missing, waitForLeaders: true });
    return missing.map((config) => config.topic);
  } finally {
    await admin.disconnect();
  }
}

import { topicRegistry } from '@verticals/contracts';
import { topicConfigs } from './topic-provisioner';

describe('topicConfigs', () => {
  it('provisions every registry topic and its .dlq with partitions and retention', () => {
    const configs = topicConfigs(Object.values(topicRegistry));
    expect(configs).toHaveLength(Object.keys(topicRegistry).length * 2);
    expect(configs.find((config) => config.topic === 'customer-service.message.received')).toEqual({
      topic: 'customer-service.message.received',
      numPartitions: 6,
      replicationFactor: -1,
      configEntries: [{ name: 'retention.ms', value: String(7 * 24 * 3_600_000) }],
    });
    expect(configs.find((config) => config.topic === 'customer-service.message.received.dlq')).toMatchObject({ numPartitions: 1 });
  });
});

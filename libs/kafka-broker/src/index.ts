export { startBroker, type KafkaBroker } from './broker';
export { type BrokerOptions, type FsyncPolicy } from './broker-options';
export { type BrokerStats, type GroupStats, type TopicStats, type PartitionStats, type MemberStats, type PartitionLag, type TopicPartitions } from './broker-stats';

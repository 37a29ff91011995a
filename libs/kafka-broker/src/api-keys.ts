/** Request API keys the broker implements (KIP-482 flexible versions are not offered). */
export enum ApiKey {
  Produce = 0,
  Fetch = 1,
  ListOffsets = 2,
  Metadata = 3,
  OffsetCommit = 8,
  OffsetFetch = 9,
  FindCoordinator = 10,
  JoinGroup = 11,
  Heartbeat = 12,
  LeaveGroup = 13,
  SyncGroup = 14,
  DescribeGroups = 15,
  ListGroups = 16,
  ApiVersions = 18,
  CreateTopics = 19,
  DeleteTopics = 20,
  InitProducerId = 22,
}

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Versions advertised in ApiVersions: the overlap that kafkajs 2.2.4, librdkafka 2.0 and
 * kafka-python 2.0 negotiate, all pre-flexible (see README for the table).
 */
export const SUPPORTED_VERSIONS: ReadonlyMap<ApiKey, VersionRange> = new Map<ApiKey, VersionRange>([
  [ApiKey.Produce, { min: 3, max: 7 }],
  [ApiKey.Fetch, { min: 4, max: 11 }],
  [ApiKey.ListOffsets, { min: 1, max: 3 }],
  [ApiKey.Metadata, { min: 0, max: 6 }],
  [ApiKey.OffsetCommit, { min: 2, max: 5 }],
  [ApiKey.OffsetFetch, { min: 1, max: 4 }],
  [ApiKey.FindCoordinator, { min: 0, max: 2 }],
  [ApiKey.JoinGroup, { min: 0, max: 5 }],
  [ApiKey.Heartbeat, { min: 0, max: 3 }],
  [ApiKey.LeaveGroup, { min: 0, max: 3 }],
  [ApiKey.SyncGroup, { min: 0, max: 3 }],
  [ApiKey.DescribeGroups, { min: 0, max: 2 }],
  [ApiKey.ListGroups, { min: 0, max: 2 }],
  [ApiKey.ApiVersions, { min: 0, max: 2 }],
  [ApiKey.CreateTopics, { min: 0, max: 3 }],
  [ApiKey.DeleteTopics, { min: 0, max: 1 }],
  [ApiKey.InitProducerId, { min: 0, max: 1 }],
]);

export function apiName(apiKey: number): string {
  return ApiKey[apiKey] ?? `Unknown(${apiKey})`;
}

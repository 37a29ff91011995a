import { ApiKey } from '../api-keys';
import { ProtocolWriter } from '../protocol-writer';

export interface SampleRequest {
  readonly apiKey: ApiKey;
  readonly version: number;
  readonly body: Buffer;
}

/** One well-formed request per API (highest supported version): seeds for mutation fuzzing. */
export function sampleRequests(topic: string, batch: Buffer): SampleRequest[] {
  const w = (): ProtocolWriter => new ProtocolWriter();
  const group = 'fuzz-group';
  return [
    { apiKey: ApiKey.ApiVersions, version: 2, body: Buffer.alloc(0) },
    { apiKey: ApiKey.Metadata, version: 6, body: w().array([topic], (x, t) => x.string(t)).bool(true).toBuffer() },
    {
      apiKey: ApiKey.Produce,
      version: 7,
      body: w().nullableString(null).int16(-1).int32(1000).array([topic], (x, t) => x.string(t).array([batch], (p, b) => p.int32(0).bytes(b))).toBuffer(),
    },
    {
      apiKey: ApiKey.Fetch,
      version: 11,
      body: w()
        .int32(-1).int32(20).int32(1).int32(1 << 20).int8(0).int32(0).int32(-1)
        .array([topic], (x, t) => x.string(t).array([0], (p, index) => p.int32(index).int32(-1).int64(0).int64(-1).int32(1 << 20)))
        .array([], () => undefined)
        .string('')
        .toBuffer(),
    },
    { apiKey: ApiKey.ListOffsets, version: 3, body: w().int32(-1).int8(0).array([topic], (x, t) => x.string(t).array([0], (p, i) => p.int32(i).int64(-1))).toBuffer() },
    { apiKey: ApiKey.FindCoordinator, version: 2, body: w().string(group).int8(0).toBuffer() },
    {
      apiKey: ApiKey.JoinGroup,
      version: 5,
      body: w().string(group).int32(1000).int32(200).string('').nullableString(null).string('consumer').array(['range'], (x, name) => x.string(name).bytes(Buffer.from([0, 1]))).toBuffer(),
    },
    { apiKey: ApiKey.Heartbeat, version: 3, body: w().string(group).int32(1).string('member').nullableString(null).toBuffer() },
    { apiKey: ApiKey.LeaveGroup, version: 3, body: w().string(group).array(['member'], (x, id) => x.string(id).nullableString(null)).toBuffer() },
    { apiKey: ApiKey.SyncGroup, version: 3, body: w().string(group).int32(1).string('member').nullableString(null).array([], () => undefined).toBuffer() },
    {
      apiKey: ApiKey.OffsetCommit,
      version: 5,
      body: w().string(group).int32(-1).string('').array([topic], (x, t) => x.string(t).array([0], (p, i) => p.int32(i).int64(1).nullableString(null))).toBuffer(),
    },
    { apiKey: ApiKey.OffsetFetch, version: 4, body: w().string(group).array([topic], (x, t) => x.string(t).array([0], (p, i) => p.int32(i))).toBuffer() },
    { apiKey: ApiKey.DescribeGroups, version: 2, body: w().array([group], (x, g) => x.string(g)).toBuffer() },
    { apiKey: ApiKey.ListGroups, version: 2, body: Buffer.alloc(0) },
    {
      apiKey: ApiKey.CreateTopics,
      version: 3,
      body: w()
        .array([`${topic}-created`], (x, t) => x.string(t).int32(2).int16(1).array([], () => undefined).array([['retention.ms', '1000']], (c, [k, v]) => c.string(k).nullableString(v)))
        .int32(1000)
        .bool(false)
        .toBuffer(),
    },
    { apiKey: ApiKey.DeleteTopics, version: 1, body: w().array([`${topic}-created`], (x, t) => x.string(t)).int32(1000).toBuffer() },
    { apiKey: ApiKey.InitProducerId, version: 1, body: w().nullableString(null).int32(1000).toBuffer() },
  ];
}

/** A full request frame without the size prefix: header v1 then body. */
export function requestFrame(sample: SampleRequest, correlationId = 1): Buffer {
  return Buffer.concat([new ProtocolWriter().int16(sample.apiKey).int16(sample.version).int32(correlationId).string('fuzzer').toBuffer(), sample.body]);
}

import { ApiKey, apiName, SUPPORTED_VERSIONS } from './api-keys';
import { type ApiHandler, type ConnectionInfo } from './apis/api-handler';
import { apiVersionsBody, handleApiVersions } from './apis/api-versions';
import { handleCreateTopics } from './apis/create-topics';
import { handleDeleteTopics } from './apis/delete-topics';
import { handleDescribeGroups } from './apis/describe-groups';
import { handleFetch } from './apis/fetch';
import { handleFindCoordinator } from './apis/find-coordinator';
import { handleHeartbeat } from './apis/heartbeat';
import { handleInitProducerId } from './apis/init-producer-id';
import { handleJoinGroup } from './apis/join-group';
import { handleLeaveGroup } from './apis/leave-group';
import { handleListGroups } from './apis/list-groups';
import { handleListOffsets } from './apis/list-offsets';
import { handleMetadata } from './apis/metadata';
import { handleOffsetCommit } from './apis/offset-commit';
import { handleOffsetFetch } from './apis/offset-fetch';
import { handleProduce } from './apis/produce';
import { handleSyncGroup } from './apis/sync-group';
import { type BrokerCore } from './broker-core';
import { ErrorCode } from './error-codes';
import { ProtocolError } from './protocol-error';
import { ProtocolReader } from './protocol-reader';

const HANDLERS: ReadonlyMap<ApiKey, ApiHandler> = new Map<ApiKey, ApiHandler>([
  [ApiKey.Produce, handleProduce],
  [ApiKey.Fetch, handleFetch],
  [ApiKey.ListOffsets, handleListOffsets],
  [ApiKey.Metadata, handleMetadata],
  [ApiKey.OffsetCommit, handleOffsetCommit],
  [ApiKey.OffsetFetch, handleOffsetFetch],
  [ApiKey.FindCoordinator, handleFindCoordinator],
  [ApiKey.JoinGroup, handleJoinGroup],
  [ApiKey.Heartbeat, handleHeartbeat],
  [ApiKey.LeaveGroup, handleLeaveGroup],
  [ApiKey.SyncGroup, handleSyncGroup],
  [ApiKey.DescribeGroups, handleDescribeGroups],
  [ApiKey.ListGroups, handleListGroups],
  [ApiKey.ApiVersions, handleApiVersions],
  [ApiKey.CreateTopics, handleCreateTopics],
  [ApiKey.DeleteTopics, handleDeleteTopics],
  [ApiKey.InitProducerId, handleInitProducerId],
]);

/** What to do with one request frame: send these chunks, send nothing, or drop the connection. */
export type Dispatch = { readonly kind: 'respond'; readonly chunks: Buffer[]; readonly size: number } | { readonly kind: 'silent' } | { readonly kind: 'close'; readonly reason: string };

function frame(correlationId: number, body: Buffer[], bodySize: number): Dispatch {
  const head = Buffer.allocUnsafe(8);
  head.writeInt32BE(bodySize + 4, 0);
  head.writeInt32BE(correlationId, 4);
  return { kind: 'respond', chunks: [head, ...body], size: bodySize + 8 };
}

/**
 * Decodes a request header (v1: api key, version, correlation id, client id), runs the API and
 * frames its response (header v0). Unknown keys and versions close the connection, as Kafka does,
 * except ApiVersions, which answers UNSUPPORTED_VERSION in v0 format so clients can downgrade.
 */
export async function dispatchRequest(core: BrokerCore, request: Buffer, connection: ConnectionInfo): Promise<Dispatch> {
  const reader = new ProtocolReader(request);
  const apiKey = reader.int16();
  const version = reader.int16();
  const correlationId = reader.int32();
  const range = SUPPORTED_VERSIONS.get(apiKey);
  // Unknown keys share one label so a fuzzing client cannot inflate the metric's cardinality.
  core.metrics.request(range ? apiName(apiKey) : 'unknown', request.length + 4);
  const handler = HANDLERS.get(apiKey);
  if (!range || !handler) return { kind: 'close', reason: `unknown api key ${apiKey}` };
  if (version < range.min || version > range.max) {
    if (apiKey !== ApiKey.ApiVersions) return { kind: 'close', reason: `unsupported ${apiName(apiKey)} version ${version}` };
    core.noteError(apiKey, ErrorCode.UNSUPPORTED_VERSION);
    const body = apiVersionsBody(ErrorCode.UNSUPPORTED_VERSION, 0);
    return frame(correlationId, body.toChunks(), body.length);
  }
  const clientId = reader.nullableString() ?? '';
  const response = await handler(core, { apiKey, version, correlationId, clientId, body: reader, connection });
  if (response === null) return { kind: 'silent' };
  return frame(correlationId, response.toChunks(), response.length);
}

export function isProtocolError(error: unknown): boolean {
  return error instanceof ProtocolError || error instanceof RangeError;
}

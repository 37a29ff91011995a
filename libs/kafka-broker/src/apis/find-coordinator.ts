import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';
import { advertisedHost } from './metadata';

/** Transaction coordinators are not offered: this broker has no transactions. */
const TRANSACTION_KEY_TYPE = 1;

/** FindCoordinator v0-2: this broker coordinates every group. */
export const handleFindCoordinator: ApiHandler = (core, request) => {
  const { body, version } = request;
  body.string(); // key
  const keyType = version >= 1 ? body.int8() : 0;
  const writer = new ProtocolWriter(64);
  if (version >= 1) writer.int32(0);
  if (keyType === TRANSACTION_KEY_TYPE) {
    core.noteError(request.apiKey, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    writer.int16(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (version >= 1) writer.nullableString('transactions are not supported by the embedded broker');
    return writer.int32(-1).string('').int32(-1);
  }
  writer.int16(ErrorCode.NONE);
  if (version >= 1) writer.nullableString(null);
  return writer.int32(core.settings.nodeId).string(advertisedHost(core, request)).int32(core.port);
};

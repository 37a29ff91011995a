import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** InitProducerId v0-1 for idempotent producers; transactional ids are refused (no transactions). */
export const handleInitProducerId: ApiHandler = (core, request) => {
  const transactionalId = request.body.nullableString();
  request.body.int32(); // transaction timeout
  const writer = new ProtocolWriter(32).int32(0);
  if (transactionalId !== null) {
    core.noteError(request.apiKey, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
    return writer.int16(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED).int64(-1).int16(-1);
  }
  return writer.int16(ErrorCode.NONE).int64(core.allocateProducerId()).int16(0);
};

import { SUPPORTED_VERSIONS } from '../api-keys';
import { ErrorCode } from '../error-codes';
import { ProtocolWriter } from '../protocol-writer';
import { type ApiHandler } from './api-handler';

/** ApiVersions v0-2 body; also the v0-shaped UNSUPPORTED_VERSION answer to newer (flexible) probes. */
export function apiVersionsBody(errorCode: ErrorCode, version: number): ProtocolWriter {
  const writer = new ProtocolWriter();
  writer.int16(errorCode);
  writer.array([...SUPPORTED_VERSIONS], (w, [apiKey, range]) => w.int16(apiKey).int16(range.min).int16(range.max));
  if (version >= 1) writer.int32(0);
  return writer;
}

export const handleApiVersions: ApiHandler = (_core, request) => apiVersionsBody(ErrorCode.NONE, request.version);

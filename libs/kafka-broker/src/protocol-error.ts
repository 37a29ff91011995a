/** A request the broker cannot parse: the connection that sent it is closed, nothing else is affected. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

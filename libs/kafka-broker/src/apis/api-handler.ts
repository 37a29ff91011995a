import { type BrokerCore } from '../broker-core';
import { type ProtocolReader } from '../protocol-reader';
import { type ProtocolWriter } from '../protocol-writer';

export interface ConnectionInfo {
  /** The client's address, reported in DescribeGroups. */
  readonly clientHost: string;
  /** The local address the client connected to: what Metadata advertises by default. */
  readonly localHost: string;
  /** Aborted when the connection closes or the broker stops: long polls give up. */
  readonly closed: AbortSignal;
}

export interface ApiRequest {
  readonly apiKey: number;
  readonly version: number;
  readonly correlationId: number;
  readonly clientId: string;
  readonly body: ProtocolReader;
  readonly connection: ConnectionInfo;
}

/** A response body (without size and correlation id), or null for no response (Produce acks=0). */
export type ApiResponse = ProtocolWriter | null;

export type ApiHandler = (core: BrokerCore, request: ApiRequest) => ApiResponse | Promise<ApiResponse>;

import { type Socket } from 'node:net';
import { type ConnectionInfo } from './apis/api-handler';
import { type BrokerCore } from './broker-core';
import { dispatchRequest, isProtocolError } from './request-dispatcher';

/** Requests queued per connection before the broker stops reading from that socket. */
const MAX_QUEUED_REQUESTS = 64;
/** Kafka's connections.max.idle.ms default. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

function plainAddress(address: string | undefined): string {
  if (!address) return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * One client connection: splits the byte stream into size-prefixed frames and answers them
 * strictly in order (one at a time, as Kafka does). Any protocol violation closes this
 * connection only; a client that does not read its responses stops being read from.
 */
export class BrokerConnection {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private frameSize = -1;
  private readonly queue: Buffer[] = [];
  private processing = false;
  private readonly abort = new AbortController();
  private readonly info: ConnectionInfo;

  constructor(
    private readonly socket: Socket,
    private readonly core: BrokerCore,
    private readonly onClosed: (connection: BrokerConnection) => void,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(IDLE_TIMEOUT_MS, () => this.close('idle'));
    this.info = { clientHost: plainAddress(socket.remoteAddress), localHost: plainAddress(socket.localAddress), closed: this.abort.signal };
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.updateFlow());
    socket.on('error', (error) => this.core.logger.debug({ err: error }, 'connection error'));
    socket.on('close', () => {
      this.abort.abort();
      this.queue.length = 0;
      this.chunks = [];
      this.onClosed(this);
    });
  }

  close(reason: string): void {
    if (this.socket.destroyed) return;
    this.core.metrics.connectionClosed(reason.split(' ')[0]);
    this.core.logger.debug({ reason, client: this.info.clientHost }, 'closing connection');
    this.abort.abort();
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.frameSize < 0) {
        if (this.buffered < 4) break;
        const head = this.chunks[0].length >= 4 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
        const size = head.readInt32BE(0);
        if (size < 0 || size > this.core.settings.maxFrameBytes) {
          this.close(`oversized frame of ${size} bytes`);
          return;
        }
        this.frameSize = size;
      }
      if (this.buffered < 4 + this.frameSize) break;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      const end = 4 + this.frameSize;
      this.queue.push(all.subarray(4, end));
      this.chunks = all.length > end ? [all.subarray(end)] : [];
      this.buffered = all.length - end;
      this.frameSize = -1;
    }
    this.updateFlow();
    if (!this.processing) void this.processQueue();
  }

  private updateFlow(): void {
    if (this.socket.destroyed) return;
    const congested = this.queue.length >= MAX_QUEUED_REQUESTS || this.socket.writableNeedDrain;
    if (congested && !this.socket.isPaused()) this.socket.pause();
    else if (!congested && this.socket.isPaused()) this.socket.resume();
  }

  private async processQueue(): Promise<void> {
    this.processing = true;
    try {
      for (let request = this.queue.shift(); request && !this.socket.destroyed; request = this.queue.shift()) {
        let outcome;
        try {
          outcome = await dispatchRequest(this.core, request, this.info);
        } catch (error) {
          if (!isProtocolError(error)) this.core.logger.error({ err: error }, 'request handler failed');
          this.close(isProtocolError(error) ? 'malformed request' : 'handler failure');
          return;
        }
        if (outcome.kind === 'close') {
          this.core.logger.warn({ reason: outcome.reason, client: this.info.clientHost }, 'closing connection');
          this.close(outcome.reason);
          return;
        }
        if (outcome.kind === 'respond' && !this.socket.destroyed) {
          this.socket.cork();
          for (const chunk of outcome.chunks) this.socket.write(chunk);
          this.socket.uncork();
          this.core.metrics.response(outcome.size);
        }
        this.updateFlow();
      }
    } finally {
      this.processing = false;
    }
  }
}

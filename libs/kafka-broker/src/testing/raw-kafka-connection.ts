import * as net from 'node:net';

/** A bare TCP connection speaking size-prefixed frames: for protocol-level tests and fuzzing. */
export class RawKafkaConnection {
  private buffered = Buffer.alloc(0);
  private readonly waiting: ((frame: Buffer) => void)[] = [];
  private correlationId = 0;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 4 && this.buffered.length >= 4 + this.buffered.readInt32BE(0)) {
        const size = this.buffered.readInt32BE(0);
        const frame = this.buffered.subarray(4, 4 + size);
        this.buffered = this.buffered.subarray(4 + size);
        this.waiting.shift()?.(frame);
      }
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawKafkaConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new RawKafkaConnection(socket)));
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Sends a request (header v1 + body) and resolves with the response body after the correlation id. */
  async request(apiKey: number, version: number, body: Buffer, clientId = 'raw-test'): Promise<Buffer> {
    const correlationId = ++this.correlationId;
    const clientIdBytes = Buffer.from(clientId);
    const header = Buffer.alloc(10);
    header.writeInt16BE(apiKey, 0);
    header.writeInt16BE(version, 2);
    header.writeInt32BE(correlationId, 4);
    header.writeInt16BE(clientIdBytes.length, 8);
    const frame = Buffer.concat([header, clientIdBytes, body]);
    const response = this.nextFrame();
    this.sendRaw(Buffer.concat([sizePrefix(frame.length), frame]));
    const answer = await response;
    if (answer.readInt32BE(0) !== correlationId) throw new Error(`correlation id ${answer.readInt32BE(0)} != ${correlationId}`);
    return answer.subarray(4);
  }

  nextFrame(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      void this.closed.then(() => reject(new Error('connection closed')));
    });
  }

  sendRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** True when the broker closed the connection within `ms`. */
  async closesWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    });
    const result = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }
}

export function sizePrefix(size: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(size, 0);
  return prefix;
}

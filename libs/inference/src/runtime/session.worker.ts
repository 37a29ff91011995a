import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { type SessionWorkerData, type WireTensor, type WorkerReply, type WorkerRequest } from './worker-protocol';

// One ORT session per worker thread: session.run() is synchronous and would otherwise block the
// service's event loop for the whole inference.
const init = workerData as SessionWorkerData;
ort.env.logLevel = 'fatal';
if (!parentPort) throw new Error('session.worker runs only as a worker thread');
const port = parentPort;

// ORT's native log would print its own multi-line error when an accelerator is missing; the engine
// reports the fallback in one warning line instead (logSeverityLevel 4 = fatal only).
async function createSession(providers: string[]): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(init.modelBytes, { ...init.sessionOptions, executionMode: 'sequential', executionProviders: providers, logSeverityLevel: 4 });
}

async function start(): Promise<void> {
  let session: ort.InferenceSession;
  let executionProvider = init.executionProviders[0];
  let fallbackReason: string | undefined;
  try {
    session = await createSession(init.executionProviders);
  } catch (error) {
    if (init.executionProviders.length < 2 || !init.executionProviders.includes('cpu')) throw error;
    fallbackReason = firstLine(error);
    session = await createSession(['cpu']);
    executionProvider = 'cpu';
  }
  port.on('message', (message: WorkerRequest) => void run(session, message));
  reply({ type: 'ready', executionProvider, fallbackReason });
}

async function run(session: ort.InferenceSession, message: WorkerRequest): Promise<void> {
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(message.feeds)) feeds[name] = new ort.Tensor(t.type as 'float32', t.data as Float32Array, t.dims);
    const started = process.hrtime.bigint();
    const results = await session.run(feeds);
    const computeNs = Number(process.hrtime.bigint() - started);
    const outputs: Record<string, WireTensor> = {};
    const transfer: ArrayBuffer[] = [];
    for (const [name, tensor] of Object.entries(results)) {
      const data = tensor.data as WireTensor['data'];
      outputs[name] = { type: tensor.type, dims: [...tensor.dims], data };
      if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) transfer.push(data.buffer);
    }
    reply({ type: 'result', id: message.id, outputs, computeNs }, transfer);
  } catch (error) {
    reply({ type: 'run-error', id: message.id, message: firstLine(error) });
  }
}

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

start().catch((error: unknown) => reply({ type: 'load-error', message: firstLine(error) }));

import type * as ort from 'onnxruntime-node';
import { type WireTensor } from './worker-protocol';

/** What a run returns per output: onnxruntime's type name, dims and data. */
export interface OrtOutput {
  type: string;
  dims: readonly number[];
  data: unknown;
}

export type OrtOutputs = Record<string, OrtOutput>;

/**
 * An ORT session as a session worker uses it. `runSync` is set when the session can be run without
 * leaving the current call: onnxruntime-node's public `session.run` wraps the synchronous native run in
 * a Promise and a `setImmediate`, one event-loop turn per run that costs ~3-5 us, a third of a small
 * model's compute (256x256 MatMul at batch 1: 13.5-15.1 us public vs 10.0-10.9 us native, bench/hot-path.bench.ts).
 */
export interface OrtSession {
  readonly runSync?: (feeds: Record<string, ort.Tensor>) => OrtOutputs;
  run(feeds: Record<string, ort.Tensor>): Promise<OrtOutputs>;
  release(): Promise<void>;
}

/** The synchronous session object onnxruntime-node's own backend wraps (dist/binding.d.ts, `Binding.InferenceSession`). */
interface NativeSession {
  loadModel(buffer: ArrayBuffer, byteOffset: number, byteLength: number, options: ort.InferenceSession.SessionOptions): void;
  run(feeds: Record<string, ort.Tensor>, fetches: Record<string, null>, options: Record<string, never>): OrtOutputs;
  readonly outputMetadata: ReadonlyArray<{ name: string }>;
  dispose(): void;
}

interface NativeBinding {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}

/**
 * onnxruntime-node, loaded on first use: the engine's host thread needs the native addon only when it
 * opens an inline session (never in a Jest sandbox, whose realm cannot use it).
 */
let runtime: typeof ort | undefined;

export function ortRuntime(): typeof ort {
  return (runtime ??= require('onnxruntime-node') as typeof ort);
}

/** Wire tensors as onnxruntime Tensors (no copy: the Tensor wraps the same data). */
export function toOrtFeeds(feeds: Record<string, WireTensor>): Record<string, ort.Tensor> {
  const { Tensor } = ortRuntime();
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const name in feeds) {
    const feed = feeds[name];
    ortFeeds[name] = new Tensor(feed.type as 'float32', feed.data as Float32Array, feed.dims);
  }
  return ortFeeds;
}

function loadNativeBinding(): NativeBinding | undefined {
  try {
    // Not part of onnxruntime-node's typed API: the module its backend.js uses. Checked by shape so an
    // upgrade that moves it falls back to the public API (slower, still correct); a test pins the fast path.
    const candidate = require('onnxruntime-node/dist/binding') as Partial<NativeBinding>;
    const proto = candidate.binding?.InferenceSession?.prototype as Partial<NativeSession> | undefined;
    if (typeof candidate.initOrt === 'function' && typeof proto?.run === 'function' && typeof proto.loadModel === 'function') return candidate as NativeBinding;
  } catch {
    // fall through to the public API
  }
  return undefined;
}

let native: NativeBinding | undefined | null = null;

function nativeBinding(): NativeBinding | undefined {
  if (native === null) native = loadNativeBinding();
  return native;
}

/** Whether sessions created here run synchronously (the fast path). */
export function syncSessionsAvailable(): boolean {
  return nativeBinding() !== undefined;
}

/**
 * Creates a session from model bytes; natively (synchronous runs) when the binding is reachable.
 * `publicApiOnly` forces the fallback (tests compare the two).
 */
export async function createOrtSession(modelBytes: Uint8Array, options: ort.InferenceSession.SessionOptions, publicApiOnly = false): Promise<OrtSession> {
  const native = publicApiOnly ? undefined : nativeBinding();
  if (!native) return publicSession(await ortRuntime().InferenceSession.create(modelBytes, options));
  // ORT's global environment (log level, Tensor constructor) is set up once, as the public API does.
  native.initOrt();
  const session = new native.binding.InferenceSession();
  session.loadModel(modelBytes.buffer as ArrayBuffer, modelBytes.byteOffset, modelBytes.byteLength, options);
  const fetches: Record<string, null> = Object.fromEntries(session.outputMetadata.map((m) => [m.name, null]));
  const noOptions: Record<string, never> = {};
  const runSync = (feeds: Record<string, ort.Tensor>): OrtOutputs => session.run(feeds, fetches, noOptions);
  return {
    runSync,
    run: async (feeds) => runSync(feeds),
    release: async () => session.dispose(),
  };
}

function publicSession(session: ort.InferenceSession): OrtSession {
  return { run: (feeds) => session.run(feeds), release: () => session.release() };
}

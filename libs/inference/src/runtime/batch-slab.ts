import { type ModelConfig, type TensorSpec } from '../repository/model-config.schema';
import { BYTES_PER_ELEMENT, ORT_TYPE, type NumericTensorData, elementCount } from './tensor';

/**
 * Shared-memory hand-off between the engine and a session worker (protocol contract of both sides).
 *
 * Each worker owns SLOT_COUNT slots, one SharedArrayBuffer each, used strictly in turn. A slot's
 * Int32 header starts with its state; the engine writes a batch's inputs and dims into a FREE slot and
 * sets SUBMITTED, the worker runs it and sets DONE / FAILED / OVERFLOW (outputs larger than the slot),
 * and the engine copies the outputs out and sets FREE again. A separate control buffer carries the
 * doorbell the worker sleeps on (Atomics.wait) and a count of batches sent as messages instead. The
 * worker raises SLEEPING before it re-checks for work and waits; the engine rings (a futex wake, tens
 * of microseconds on a VM) only when it sees SLEEPING after publishing work, so a busy worker costs
 * the engine no system call.
 */
export const SLOT_COUNT = 3;
export const MAX_DIMS = 8;

export const SlotState = { FREE: 0, SUBMITTED: 1, DONE: 2, FAILED: 3, OVERFLOW: 4, CLOSED: 5 } as const;

/** Int32 indices of the control buffer. */
export const Control = { DOORBELL: 0, MESSAGES_POSTED: 1, CLOSING: 2, SLEEPING: 3, LENGTH: 4 } as const;
/** Values of Control.CLOSING: the worker exits between runs with code 0, or with 1 (a simulated crash). */
export const CLOSING_ORDERLY = 1;
export const CLOSING_CRASH = 2;

const STATE_INDEX = 0;
const COMPUTE_NS_BYTE = 8;
const FIRST_DIMS_INDEX = 4;
const ERROR_BYTES = 1024;

export interface SlabTensorLayout {
  name: string;
  type: (typeof ORT_TYPE)[keyof typeof ORT_TYPE];
  /** Header index of the dims count; the dims follow. */
  dimsIndex: number;
  byteOffset: number;
  /** Elements the slot holds for this tensor. */
  capacity: number;
}

export interface BatchSlabLayout {
  inputs: SlabTensorLayout[];
  outputs: SlabTensorLayout[];
  errorOffset: number;
  slotBytes: number;
}

/**
 * Slots are sized for the largest batch (maxBatchSize rows, or 1 row without batching). Models with
 * BYTES tensors or dynamic non-batch dims get no slab: their batches travel as transferred messages.
 */
export function planBatchSlab(config: ModelConfig): BatchSlabLayout | undefined {
  const specs = [...config.inputs, ...config.outputs];
  if (specs.some((s) => s.dtype === 'BYTES' || s.shape.length > MAX_DIMS || s.shape.slice(1).some((d) => d < 0))) return undefined;
  const rows = config.batching?.maxBatchSize ?? 1;
  let dimsIndex = FIRST_DIMS_INDEX;
  let byteOffset = align((FIRST_DIMS_INDEX + specs.length * (MAX_DIMS + 1)) * 4);
  const place = (spec: TensorSpec): SlabTensorLayout => {
    const capacity = (spec.shape[0] < 0 ? rows : spec.shape[0]) * elementCount(spec.shape.slice(1));
    const layout = { name: spec.name, type: ORT_TYPE[spec.dtype], dimsIndex, byteOffset, capacity };
    dimsIndex += MAX_DIMS + 1;
    byteOffset = align(byteOffset + capacity * BYTES_PER_ELEMENT[spec.dtype]);
    return layout;
  };
  const inputs = config.inputs.map(place);
  const outputs = config.outputs.map(place);
  return { inputs, outputs, errorOffset: byteOffset, slotBytes: byteOffset + ERROR_BYTES };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

// Atomics.waitAsync (ES2024) ships in Node 20; the repo's TypeScript lib setting predates it.
const waitAsync = (Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number): { async: true; value: Promise<string> } | { async: false; value: string } }).waitAsync;

type TypedArrayConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => NumericTensorData;

const VIEW_OF_TYPE: Record<string, TypedArrayConstructor> = {
  float32: Float32Array,
  int64: BigInt64Array,
  int32: Int32Array,
  bool: Uint8Array,
  uint8: Uint8Array,
};

/** One slot's buffer with typed access to its header, tensors and error text. */
export class BatchSlot {
  readonly header: Int32Array;
  private readonly computeNs: Float64Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly layout: BatchSlabLayout,
  ) {
    this.header = new Int32Array(buffer, 0, FIRST_DIMS_INDEX);
    this.computeNs = new Float64Array(buffer, COMPUTE_NS_BYTE, 1);
  }

  get state(): number {
    return Atomics.load(this.header, STATE_INDEX);
  }

  /** Publishes a state change; `wake` also wakes whoever waits on it (the engine waits for the worker's answers). */
  publish(state: number, wake = true): void {
    Atomics.store(this.header, STATE_INDEX, state);
    if (wake) Atomics.notify(this.header, STATE_INDEX);
  }

  /** Resolves once the state is no longer `current` (Atomics.waitAsync: no thread blocks). */
  whenChangedFrom(current: number): Promise<unknown> {
    const wait = waitAsync(this.header, STATE_INDEX, current);
    return wait.async ? wait.value : Promise.resolve(wait.value);
  }

  /** Blocks this thread until the state differs from `current` (worker side only). */
  blockWhile(current: number): void {
    Atomics.wait(this.header, STATE_INDEX, current);
  }

  view(tensor: SlabTensorLayout, elements: number): NumericTensorData {
    return new VIEW_OF_TYPE[tensor.type](this.buffer, tensor.byteOffset, elements);
  }

  dims(tensor: SlabTensorLayout): number[] {
    const ints = new Int32Array(this.buffer, tensor.dimsIndex * 4, MAX_DIMS + 1);
    return Array.from(ints.subarray(1, 1 + ints[0]));
  }

  setDims(tensor: SlabTensorLayout, dims: readonly number[]): void {
    const ints = new Int32Array(this.buffer, tensor.dimsIndex * 4, MAX_DIMS + 1);
    ints[0] = dims.length;
    ints.set(dims, 1);
  }

  get computeNanos(): number {
    return this.computeNs[0];
  }

  set computeNanos(ns: number) {
    this.computeNs[0] = ns;
  }

  get error(): string {
    const bytes = new Uint8Array(this.buffer, this.layout.errorOffset, ERROR_BYTES);
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(bytes.slice(0, end < 0 ? ERROR_BYTES : end));
  }

  set error(message: string) {
    const bytes = new Uint8Array(this.buffer, this.layout.errorOffset, ERROR_BYTES);
    bytes.fill(0);
    new TextEncoder().encodeInto(message.slice(0, ERROR_BYTES / 4), bytes.subarray(0, ERROR_BYTES - 1));
  }
}

export function elementsFits(tensor: SlabTensorLayout, dims: readonly number[]): boolean {
  return dims.length <= MAX_DIMS && elementCount(dims) <= tensor.capacity;
}

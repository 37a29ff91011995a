import { type TensorDtype } from '../repository/model-config.schema';

export type NumericTensorData = Float32Array | BigInt64Array | Int32Array | Uint8Array;
export type TensorData = NumericTensorData | string[];

/** What callers pass and get back: row-major data plus its dimensions. */
export interface TensorLike {
  data: TensorData;
  dims: readonly number[];
}

export interface Tensor extends TensorLike {
  dtype: TensorDtype;
  dims: number[];
}

export type TensorRecord = Record<string, Tensor>;
export type TensorInputs = Record<string, TensorLike>;

/** onnxruntime-node's type names for each V2 datatype (BOOL travels as one byte per element). */
export const ORT_TYPE: Record<TensorDtype, 'float32' | 'int64' | 'int32' | 'bool' | 'uint8' | 'string'> = {
  FP32: 'float32',
  INT64: 'int64',
  INT32: 'int32',
  BOOL: 'bool',
  UINT8: 'uint8',
  BYTES: 'string',
};

const ORT_TO_DTYPE: Record<string, TensorDtype> = Object.fromEntries(Object.entries(ORT_TYPE).map(([k, v]) => [v, k as TensorDtype]));

export function dtypeOfOrtType(ortType: string): TensorDtype | undefined {
  return ORT_TO_DTYPE[ortType];
}

export const BYTES_PER_ELEMENT: Record<TensorDtype, number> = { FP32: 4, INT64: 8, INT32: 4, BOOL: 1, UINT8: 1, BYTES: 0 };

export function allocateTensorData(dtype: TensorDtype, length: number): TensorData {
  switch (dtype) {
    case 'FP32':
      return new Float32Array(length);
    case 'INT64':
      return new BigInt64Array(length);
    case 'INT32':
      return new Int32Array(length);
    case 'BOOL':
    case 'UINT8':
      return new Uint8Array(length);
    case 'BYTES':
      return new Array<string>(length).fill('');
  }
}

const TYPED_ARRAY_TAG: Record<Exclude<TensorDtype, 'BYTES'>, string> = { FP32: 'Float32Array', INT64: 'BigInt64Array', INT32: 'Int32Array', BOOL: 'Uint8Array', UINT8: 'Uint8Array' };

/** True when `data` is the array type a tensor of `dtype` carries (by tag, so arrays from other realms, e.g. Jest's vm, match). */
export function matchesDtype(dtype: TensorDtype, data: unknown): boolean {
  if (dtype === 'BYTES') return Array.isArray(data) && data.every((v) => typeof v === 'string');
  return ArrayBuffer.isView(data) && (data as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === TYPED_ARRAY_TAG[dtype];
}

export function describeData(data: unknown): string {
  if (Array.isArray(data)) return 'Array';
  if (ArrayBuffer.isView(data)) return (data as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? 'ArrayBufferView';
  return data === null ? 'null' : typeof data;
}

export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

import { type ModelConfig, type TensorSpec } from '../repository/model-config.schema';
import { ORT_TYPE, type Tensor, type TensorData, type TensorRecord, allocateTensorData, dtypeOfOrtType, elementCount } from '../runtime/tensor';
import { type WireTensor } from '../runtime/worker-protocol';

export interface BatchFeeds {
  feeds: Record<string, WireTensor>;
  /** Freshly allocated buffers that can move to the worker without copying again. */
  transfer: ArrayBuffer[];
}

/**
 * Concatenates requests along dim 0. Dynamic non-batch dims (e.g. token counts) are padded to the
 * longest request with the input's padValue (default 0), row-major, so rows keep their own offsets.
 */
export function assembleBatch(
  config: ModelConfig,
  requests: ReadonlyArray<{ inputs: Record<string, Tensor>; rows: number }>,
  /** Where a batch input may be written in place (e.g. a worker's shared slot); default: a fresh buffer. */
  bufferFor: (spec: TensorSpec, elements: number) => TensorData | undefined = () => undefined,
): BatchFeeds {
  const feeds: Record<string, WireTensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const spec of config.inputs) {
    const first = requests[0].inputs[spec.name];
    const innerDims = first.dims.slice(1);
    let batchRows = 0;
    for (const request of requests) {
      const partDims = request.inputs[spec.name].dims;
      for (let i = 1; i < partDims.length; i++) if (partDims[i] > innerDims[i - 1]) innerDims[i - 1] = partDims[i];
      batchRows += request.rows;
    }
    if (requests.length === 1 && !config.batching) batchRows = first.dims[0];
    const dims = [batchRows, ...innerDims];
    const count = elementCount(dims);
    const data = bufferFor(spec, count) ?? allocateTensorData(spec.dtype, count);
    const padValue = spec.padValue ?? 0;
    const rowSize = elementCount(innerDims);
    let rowOffset = 0;
    for (const request of requests) {
      const part = request.inputs[spec.name];
      if (samePadding(part.dims, innerDims)) copyInto(data, part.data, rowOffset * rowSize);
      else copyPadded(data, part, innerDims, rowOffset * rowSize, padValue);
      rowOffset += part.dims[0];
    }
    feeds[spec.name] = { type: ORT_TYPE[spec.dtype], dims, data };
    if (ArrayBuffer.isView(data) && data.buffer instanceof ArrayBuffer) transfer.push(data.buffer);
  }
  return { feeds, transfer };
}

/** Splits batch outputs along dim 0: each request gets a view of its rows (no copy). */
export function splitBatchOutputs(outputs: Record<string, WireTensor>, requests: ReadonlyArray<{ rows: number }>, batched: boolean): TensorRecord[] {
  const results: TensorRecord[] = new Array<TensorRecord>(requests.length);
  for (let i = 0; i < requests.length; i++) results[i] = {};
  for (const name in outputs) {
    const wire = outputs[name];
    const dtype = dtypeOfOrtType(wire.type) ?? 'FP32';
    if (!batched) {
      results[0][name] = { dtype, dims: wire.dims, data: wire.data };
      continue;
    }
    const innerDims = wire.dims.slice(1);
    const rowSize = elementCount(innerDims);
    let row = 0;
    for (let i = 0; i < requests.length; i++) {
      const rows = requests[i].rows;
      // Exactly sized (a pushed-to literal would reserve room for 17 elements).
      const dims = innerDims.length === 1 ? [rows, innerDims[0]] : [rows, ...innerDims];
      results[i][name] = { dtype, dims, data: sliceRows(wire.data, row * rowSize, (row + rows) * rowSize) };
      row += rows;
    }
  }
  return results;
}

function samePadding(dims: readonly number[], innerDims: readonly number[]): boolean {
  for (let i = 1; i < dims.length; i++) if (dims[i] !== innerDims[i - 1]) return false;
  return true;
}

function sliceRows(data: TensorData, start: number, end: number): TensorData {
  return Array.isArray(data) ? data.slice(start, end) : data.subarray(start, end);
}

function copyInto(target: TensorData, source: TensorData, offset: number): void {
  if (Array.isArray(target)) {
    for (let i = 0; i < source.length; i++) target[offset + i] = (source as string[])[i];
  } else {
    (target as Float32Array).set(source as Float32Array, offset);
  }
}

function copyPadded(target: TensorData, part: Tensor, innerDims: number[], offset: number, padValue: number): void {
  const targetInner = elementCount(innerDims);
  const fill = Array.isArray(target) ? '' : target instanceof BigInt64Array ? BigInt(padValue) : padValue;
  (target as Float32Array).fill(fill as number, offset, offset + part.dims[0] * targetInner);
  const sourceDims = part.dims.slice(1);
  const innerCount = elementCount(sourceDims);
  // Walk source elements in row-major order and place each at its padded coordinate.
  for (let row = 0; row < part.dims[0]; row++) {
    for (let i = 0; i < innerCount; i++) {
      let rest = i;
      let targetIndex = 0;
      let stride = 1;
      for (let d = sourceDims.length - 1; d >= 0; d--) {
        const coordinate = rest % sourceDims[d];
        rest = Math.floor(rest / sourceDims[d]);
        targetIndex += coordinate * stride;
        stride *= innerDims[d];
      }
      (target as Float32Array)[offset + row * targetInner + targetIndex] = (part.data as Float32Array)[row * innerCount + i];
    }
  }
}

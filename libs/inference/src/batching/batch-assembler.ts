import { type ModelConfig } from '../repository/model-config.schema';
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
export function assembleBatch(config: ModelConfig, requests: ReadonlyArray<{ inputs: Record<string, Tensor>; rows: number }>): BatchFeeds {
  const feeds: Record<string, WireTensor> = {};
  const transfer: ArrayBuffer[] = [];
  for (const spec of config.inputs) {
    const parts = requests.map((r) => r.inputs[spec.name]);
    const innerDims = parts[0].dims.slice(1);
    for (const part of parts) part.dims.forEach((d, i) => i > 0 && d > innerDims[i - 1] && (innerDims[i - 1] = d));
    const batchRows = requests.length === 1 && !config.batching ? parts[0].dims[0] : requests.reduce((n, r) => n + r.rows, 0);
    const dims = [batchRows, ...innerDims];
    const data = allocateTensorData(spec.dtype, elementCount(dims));
    const padValue = spec.padValue ?? 0;
    const rowSize = elementCount(innerDims);
    let rowOffset = 0;
    for (const part of parts) {
      const samePadding = part.dims.every((d, i) => i === 0 || d === innerDims[i - 1]);
      if (samePadding) copyInto(data, part.data, rowOffset * rowSize);
      else copyPadded(data, part, innerDims, rowOffset * rowSize, padValue);
      rowOffset += part.dims[0];
    }
    feeds[spec.name] = { type: ORT_TYPE[spec.dtype], dims, data };
    if (ArrayBuffer.isView(data)) transfer.push(data.buffer as ArrayBuffer);
  }
  return { feeds, transfer };
}

/** Splits batch outputs along dim 0: each request gets a view of its rows (no copy). */
export function splitBatchOutputs(outputs: Record<string, WireTensor>, rowsPerRequest: readonly number[], batched: boolean): TensorRecord[] {
  const results: TensorRecord[] = rowsPerRequest.map(() => ({}));
  for (const [name, wire] of Object.entries(outputs)) {
    const dtype = dtypeOfOrtType(wire.type) ?? 'FP32';
    if (!batched) {
      results[0][name] = { dtype, dims: wire.dims, data: wire.data };
      continue;
    }
    const rowSize = elementCount(wire.dims.slice(1));
    let row = 0;
    rowsPerRequest.forEach((rows, i) => {
      results[i][name] = { dtype, dims: [rows, ...wire.dims.slice(1)], data: sliceRows(wire.data, row * rowSize, (row + rows) * rowSize) };
      row += rows;
    });
  }
  return results;
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

import { invalidInput } from '../errors/inference-error';
import { type ModelConfig, type TensorSpec } from '../repository/model-config.schema';
import { type NumericTensorData, type Tensor, type TensorInputs, describeData, elementCount, matchesDtype } from './tensor';

/** Default cap on elements per input tensor, checked before anything is allocated or copied. */
export const DEFAULT_MAX_ELEMENTS = 16 * 1024 * 1024;

export interface ValidatedRequest {
  inputs: Record<string, Tensor>;
  /** Rows along the batch dimension (1 for models without batching). */
  rows: number;
}

/** Checks names, dtypes, shapes, element counts and finiteness against model.json; throws INVALID_INPUT naming the input. */
export function validateRequestInputs(config: ModelConfig, inputs: TensorInputs): ValidatedRequest {
  if (inputs === null || typeof inputs !== 'object') throw invalidInput('inputs must be an object of tensors keyed by input name');
  const known = new Set(config.inputs.map((s) => s.name));
  for (const name of Object.keys(inputs)) {
    if (!known.has(name)) throw invalidInput(`unknown input '${name}'; model '${config.name}' expects ${[...known].map((n) => `'${n}'`).join(', ')}`);
  }
  const batched = config.batching !== undefined;
  const validated: Record<string, Tensor> = {};
  let rows: number | undefined;
  for (const spec of config.inputs) {
    const tensor = inputs[spec.name];
    if (!tensor) throw invalidInput(`missing input '${spec.name}' (${spec.dtype} ${formatShape(spec.shape)})`);
    const dims = checkDims(spec, tensor.dims);
    checkData(spec, tensor.data, dims);
    if (batched) {
      if (rows !== undefined && dims[0] !== rows) throw invalidInput(`input '${spec.name}' has batch size ${dims[0]} but other inputs have ${rows}`);
      rows = dims[0];
    }
    validated[spec.name] = { dtype: spec.dtype, dims, data: tensor.data };
  }
  const maxBatchSize = config.batching?.maxBatchSize;
  rows = maxBatchSize !== undefined ? (rows ?? 1) : 1;
  if (maxBatchSize !== undefined && (rows < 1 || rows > maxBatchSize)) {
    throw invalidInput(`batch size ${rows} is outside 1..${maxBatchSize} (max batch size of '${config.name}')`);
  }
  return { inputs: validated, rows };
}

function checkDims(spec: TensorSpec, dims: unknown): number[] {
  if (!Array.isArray(dims) || !dims.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw invalidInput(`input '${spec.name}': dims must be non-negative integers, expected ${formatShape(spec.shape)}`);
  }
  if (dims.length !== spec.shape.length || dims.some((d, i) => spec.shape[i] !== -1 && spec.shape[i] !== d)) {
    throw invalidInput(`input '${spec.name}': shape [${dims.join(', ')}] does not match expected ${formatShape(spec.shape)}`);
  }
  const limit = spec.maxElements ?? DEFAULT_MAX_ELEMENTS;
  if (elementCount(dims) > limit) throw invalidInput(`input '${spec.name}': ${elementCount(dims)} elements exceed the limit of ${limit}`);
  return dims as number[];
}

function checkData(spec: TensorSpec, data: unknown, dims: number[]): void {
  if (!matchesDtype(spec.dtype, data)) throw invalidInput(`input '${spec.name}': expected ${spec.dtype} data, got ${describeData(data)}`);
  const expected = elementCount(dims);
  const length = (data as ArrayLike<unknown>).length;
  if (length !== expected) throw invalidInput(`input '${spec.name}': shape [${dims.join(', ')}] needs ${expected} elements, got ${length}`);
  if (spec.dtype === 'FP32' && !spec.allowNonFinite) {
    const values = data as NumericTensorData as Float32Array;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw invalidInput(`input '${spec.name}': element ${i} is ${values[i]}; NaN and Infinity are not allowed`);
    }
  }
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.map((d) => (d === -1 ? '-1' : String(d))).join(', ')}]`;
}

import { invalidInput } from '../errors/inference-error';
import { type ModelConfig, type TensorDtype } from '../repository/model-config.schema';
import { DEFAULT_MAX_ELEMENTS, formatShape } from '../runtime/input-validation';
import { type Tensor, type TensorData, type TensorRecord, elementCount } from '../runtime/tensor';

/** Open Inference Protocol V2 JSON tensor (REST). `data` is row-major, flat or nested. */
export interface V2Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
  parameters?: Record<string, unknown>;
}

export interface V2InferenceRequest {
  id?: string;
  parameters?: { timeout?: number } & Record<string, unknown>;
  inputs: V2Tensor[];
  outputs?: Array<{ name: string }>;
}

export interface V2InferenceResponse {
  model_name: string;
  model_version: string;
  id?: string;
  outputs: Array<{ name: string; shape: number[]; datatype: TensorDtype; data: Array<number | boolean | string> }>;
}

/** Turns V2 JSON inputs into typed tensors; shape and size are checked before anything is allocated. */
export function decodeV2Inputs(config: ModelConfig, body: unknown): Record<string, Tensor> {
  const request = body as Partial<V2InferenceRequest> | undefined;
  if (!request || !Array.isArray(request.inputs)) throw invalidInput("request body must be a JSON object with an 'inputs' array");
  const tensors: Record<string, Tensor> = {};
  for (const input of request.inputs) {
    if (!input || typeof input.name !== 'string') throw invalidInput("every input needs a 'name'");
    const spec = config.inputs.find((s) => s.name === input.name);
    if (!spec) throw invalidInput(`unknown input '${input.name}'; model '${config.name}' expects ${config.inputs.map((s) => `'${s.name}'`).join(', ')}`);
    if (input.datatype !== spec.dtype) throw invalidInput(`input '${spec.name}': datatype ${String(input.datatype)} does not match expected ${spec.dtype}`);
    if (!Array.isArray(input.shape) || !input.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw invalidInput(`input '${spec.name}': shape must be an array of non-negative integers, expected ${formatShape(spec.shape)}`);
    }
    const count = elementCount(input.shape);
    const limit = spec.maxElements ?? DEFAULT_MAX_ELEMENTS;
    if (count > limit) throw invalidInput(`input '${spec.name}': shape [${input.shape.join(', ')}] has ${count} elements, over the limit of ${limit}`);
    if (!Array.isArray(input.data)) throw invalidInput(`input '${spec.name}': 'data' must be an array`);
    const flat = input.data.flat(input.shape.length) as unknown[];
    if (flat.length !== count) throw invalidInput(`input '${spec.name}': shape [${input.shape.join(', ')}] needs ${count} elements, got ${flat.length}`);
    tensors[spec.name] = { dtype: spec.dtype, dims: input.shape, data: toTensorData(spec.name, spec.dtype, flat) };
  }
  return tensors;
}

export function encodeV2Outputs(config: ModelConfig, outputs: TensorRecord, requested?: Array<{ name: string }>): V2InferenceResponse['outputs'] {
  const names = requested && requested.length > 0 ? requested.map((r) => r.name) : config.outputs.map((o) => o.name).filter((n) => n in outputs);
  return names.map((name) => {
    const tensor = outputs[name];
    if (!tensor) throw invalidInput(`unknown output '${name}'; model '${config.name}' has ${config.outputs.map((o) => `'${o.name}'`).join(', ')}`);
    return { name, shape: [...tensor.dims], datatype: tensor.dtype, data: toJsonData(tensor) };
  });
}

function toTensorData(name: string, dtype: TensorDtype, values: unknown[]): TensorData {
  const wrong = (i: number, what: string) => invalidInput(`input '${name}': element ${i} is ${JSON.stringify(values[i])}, expected ${what}`);
  switch (dtype) {
    case 'FP32': {
      const data = new Float32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        if (typeof values[i] !== 'number') throw wrong(i, 'a number');
        data[i] = values[i] as number;
      }
      return data;
    }
    case 'INT64':
    case 'INT32': {
      const data = dtype === 'INT64' ? new BigInt64Array(values.length) : new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!Number.isSafeInteger(v) || (dtype === 'INT32' && ((v as number) < -2147483648 || (v as number) > 2147483647))) throw wrong(i, `an ${dtype} integer`);
        if (data instanceof BigInt64Array) data[i] = BigInt(v as number);
        else data[i] = v as number;
      }
      return data;
    }
    case 'UINT8': {
      const data = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 255) throw wrong(i, 'an integer 0..255');
        data[i] = v as number;
      }
      return data;
    }
    case 'BOOL': {
      const data = new Uint8Array(values.length);
      for (let i = 0; i < values.length; i++) {
        if (typeof values[i] !== 'boolean') throw wrong(i, 'true or false');
        data[i] = values[i] ? 1 : 0;
      }
      return data;
    }
    case 'BYTES': {
      for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'string') throw wrong(i, 'a string');
      return values as string[];
    }
  }
}

function toJsonData(tensor: Tensor): Array<number | boolean | string> {
  const data = tensor.data;
  if (Array.isArray(data)) return data;
  if (tensor.dtype === 'BOOL') return Array.from(data as Uint8Array, (v) => v !== 0);
  // JSON has no 64-bit integers; values beyond 2^53 lose precision, as in every JSON V2 server.
  if (data instanceof BigInt64Array || (data as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'BigInt64Array') return Array.from(data as BigInt64Array, Number);
  return Array.from(data as Float32Array);
}

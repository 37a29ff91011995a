import { onnx } from 'onnx-proto';
import { type SoftmaxModel } from './softmax-regression';

export const FEATURES_INPUT = 'features';
export const INDICES_INPUT = 'indices';
export const VALUES_INPUT = 'values';
export const PROBABILITIES_OUTPUT = 'probabilities';

/** `dense`: one FP32 `features` [N, D] row per text (format 1). `sparse`: `indices` INT64 + `values` FP32 [N, K] (format 2). */
export type TextModelInputKind = 'dense' | 'sparse';

type Dim = number | string;

function tensorValueInfo(name: string, dims: readonly Dim[], elemType: number = onnx.TensorProto.DataType.FLOAT): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

function int64Initializer(name: string, values: readonly number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values.map((v) => v) };
}

function floatInitializer(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  const raw = new Uint8Array(values.byteLength);
  // ONNX raw_data is little-endian.
  const view = new DataView(raw.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

const softmaxNode: onnx.INodeProto = {
  opType: 'Softmax',
  input: ['logits'],
  output: [PROBABILITIES_OUTPUT],
  name: 'softmax',
  attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }],
};

/**
 * ONNX graph, opset 13, output "probabilities" FP32 [batch, C], labels in metadata_props.
 * - sparse (default): an EmbeddingBag, Softmax(ReduceSum(Gather(W, indices) * values[..., None], axis 1) + b);
 *   inputs "indices" INT64 [batch, K] and "values" FP32 [batch, K]; padding (index 0, value 0) adds nothing.
 * - dense: Softmax(MatMul(features, W) + b); input "features" FP32 [batch, D].
 */
export function buildLinearClassifierOnnx(model: SoftmaxModel, labels: readonly string[], name = 'linear_classifier', input: TextModelInputKind = 'sparse'): Uint8Array {
  if (labels.length !== model.classCount) throw new RangeError('labels and class count differ');
  const graph = input === 'sparse' ? sparseGraph(model) : denseGraph(model);
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: '@verticals/text-models',
    producerVersion: '1',
    graph: { name, ...graph, output: [tensorValueInfo(PROBABILITIES_OUTPUT, ['batch', model.classCount])] },
    metadataProps: [{ key: 'labels', value: JSON.stringify(labels) }],
  });
  return onnx.ModelProto.encode(proto).finish();
}

function parameters(model: SoftmaxModel): onnx.ITensorProto[] {
  return [floatInitializer('W', [model.dimension, model.classCount], model.weights), floatInitializer('b', [model.classCount], model.bias)];
}

function denseGraph(model: SoftmaxModel): onnx.IGraphProto {
  return {
    node: [
      { opType: 'MatMul', input: [FEATURES_INPUT, 'W'], output: ['logits_raw'], name: 'matmul' },
      { opType: 'Add', input: ['logits_raw', 'b'], output: ['logits'], name: 'add_bias' },
      softmaxNode,
    ],
    initializer: parameters(model),
    input: [tensorValueInfo(FEATURES_INPUT, ['batch', model.dimension])],
  };
}

function sparseGraph(model: SoftmaxModel): onnx.IGraphProto {
  const INT64 = onnx.TensorProto.DataType.INT64;
  return {
    node: [
      { opType: 'Gather', input: ['W', INDICES_INPUT], output: ['rows'], name: 'gather_rows', attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Unsqueeze', input: [VALUES_INPUT, 'axis_last'], output: ['values_3d'], name: 'unsqueeze_values' },
      { opType: 'Mul', input: ['rows', 'values_3d'], output: ['weighted'], name: 'weight_rows' },
      { opType: 'ReduceSum', input: ['weighted', 'axis_terms'], output: ['logits_raw'], name: 'sum_terms', attribute: [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] },
      { opType: 'Add', input: ['logits_raw', 'b'], output: ['logits'], name: 'add_bias' },
      softmaxNode,
    ],
    initializer: [...parameters(model), int64Initializer('axis_last', [2]), int64Initializer('axis_terms', [1])],
    input: [tensorValueInfo(INDICES_INPUT, ['batch', 'terms'], INT64), tensorValueInfo(VALUES_INPUT, ['batch', 'terms'])],
  };
}

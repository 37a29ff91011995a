import { onnx } from 'onnx-proto';
import { type SoftmaxModel } from './softmax-regression';

export const FEATURES_INPUT = 'features';
export const PROBABILITIES_OUTPUT = 'probabilities';

function tensorValueInfo(name: string, width: number): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: [{ dimParam: 'batch' }, { dimValue: width }] },
      },
    },
  };
}

function floatInitializer(name: string, dims: number[], values: Float32Array): onnx.ITensorProto {
  const raw = new Uint8Array(values.byteLength);
  // ONNX raw_data is little-endian.
  const view = new DataView(raw.buffer);
  values.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: raw };
}

/**
 * ONNX graph: probabilities = Softmax(MatMul(features, W) + b, axis=-1), opset 13.
 * Input "features" FP32 [batch, D]; output "probabilities" FP32 [batch, C]; labels in metadata_props.
 */
export function buildLinearClassifierOnnx(model: SoftmaxModel, labels: readonly string[], name = 'linear_classifier'): Uint8Array {
  if (labels.length !== model.classCount) throw new RangeError('labels and class count differ');
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: '@verticals/text-models',
    producerVersion: '1',
    graph: {
      name,
      node: [
        { opType: 'MatMul', input: [FEATURES_INPUT, 'W'], output: ['logits_raw'], name: 'matmul' },
        { opType: 'Add', input: ['logits_raw', 'b'], output: ['logits'], name: 'add_bias' },
        {
          opType: 'Softmax',
          input: ['logits'],
          output: [PROBABILITIES_OUTPUT],
          name: 'softmax',
          attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }],
        },
      ],
      initializer: [
        floatInitializer('W', [model.dimension, model.classCount], model.weights),
        floatInitializer('b', [model.classCount], model.bias),
      ],
      input: [tensorValueInfo(FEATURES_INPUT, model.dimension)],
      output: [tensorValueInfo(PROBABILITIES_OUTPUT, model.classCount)],
    },
    metadataProps: [{ key: 'labels', value: JSON.stringify(labels) }],
  });
  return onnx.ModelProto.encode(proto).finish();
}

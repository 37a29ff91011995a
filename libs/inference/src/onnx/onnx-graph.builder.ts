import { onnx } from 'onnx-proto';

/** Opset 13: Softmax over the last axis (axis=-1) and everything these builders emit exist there. */
const OPSET_VERSION = 13;

export interface DenseLayer {
  /** Row-major [inputDim, outputDim]: y = x . W + b. */
  weights: Float32Array;
  bias?: Float32Array;
  inputDim: number;
  outputDim: number;
}

export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';

/** A tiny graph assembler over onnx-proto: enough for dense (MLP) models fitted in TypeScript. */
export class OnnxGraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly graphInputs: onnx.IValueInfoProto[] = [];
  private readonly graphOutputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  constructor(private readonly graphName: string) {}

  input(name: string, dims: Array<number | string>, elemType: onnx.TensorProto.DataType = onnx.TensorProto.DataType.FLOAT): string {
    this.graphInputs.push(valueInfo(name, dims, elemType));
    return name;
  }

  output(name: string, dims: Array<number | string>, elemType: onnx.TensorProto.DataType = onnx.TensorProto.DataType.FLOAT): void {
    this.graphOutputs.push(valueInfo(name, dims, elemType));
  }

  constantInt64(hint: string, values: number[], dims: number[]): string {
    const name = `${hint}_${this.counter++}`;
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dataType: onnx.TensorProto.DataType.INT64, dims, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  constant(hint: string, values: Float32Array, dims: number[]): string {
    const name = `${hint}_${this.counter++}`;
    this.initializers.push({ name, dataType: onnx.TensorProto.DataType.FLOAT, dims, rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) });
    return name;
  }

  /** Appends one operator node; returns its output name (generated unless given). */
  node(opType: string, inputs: string[], outputName?: string, attributes: onnx.IAttributeProto[] = []): string {
    const output = outputName ?? `${opType.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType, input: inputs, output: [output], name: `${opType}_${this.counter++}`, attribute: attributes });
    return output;
  }

  dense(x: string, layer: DenseLayer, outputName?: string): string {
    if (layer.weights.length !== layer.inputDim * layer.outputDim) {
      throw new Error(`dense layer weights: expected ${layer.inputDim * layer.outputDim} values (${layer.inputDim}x${layer.outputDim}), got ${layer.weights.length}`);
    }
    const w = this.constant('weights', layer.weights, [layer.inputDim, layer.outputDim]);
    if (!layer.bias) return this.node('MatMul', [x, w], outputName);
    if (layer.bias.length !== layer.outputDim) throw new Error(`dense layer bias: expected ${layer.outputDim} values, got ${layer.bias.length}`);
    const product = this.node('MatMul', [x, w]);
    return this.node('Add', [product, this.constant('bias', layer.bias, [layer.outputDim])], outputName);
  }

  activation(x: string, kind: HiddenActivation, outputName?: string): string {
    const op = kind === 'relu' ? 'Relu' : kind === 'tanh' ? 'Tanh' : 'Sigmoid';
    return this.node(op, [x], outputName);
  }

  softmax(x: string, outputName?: string): string {
    return this.node('Softmax', [x], outputName, [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }]);
  }

  toBytes(producer = 'verticals-inference'): Uint8Array {
    const model: onnx.IModelProto = {
      irVersion: 7,
      producerName: producer,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      graph: { name: this.graphName, node: this.nodes, initializer: this.initializers, input: this.graphInputs, output: this.graphOutputs },
    };
    return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
  }
}

function valueInfo(name: string, dims: Array<number | string>, elemType: onnx.TensorProto.DataType): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' && d >= 0 ? { dimValue: d } : { dimParam: typeof d === 'string' ? d : 'batch' })) },
      },
    },
  };
}

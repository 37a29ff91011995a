import { type DenseLayer, type HiddenActivation, OnnxGraphBuilder } from './onnx-graph.builder';

export interface LinearClassifierSpec {
  inputDim: number;
  /** Row-major [inputDim, labels.length]. */
  weights: Float32Array;
  bias?: Float32Array;
  labels: string[];
  inputName?: string;
  outputName?: string;
  /** true (default): the output is softmax probabilities; false: raw logits. */
  softmax?: boolean;
}

export interface MlpClassifierSpec {
  /** Dense layers in order; the last one's outputDim is the number of labels. */
  layers: DenseLayer[];
  labels: string[];
  hiddenActivation?: HiddenActivation;
  inputName?: string;
  outputName?: string;
  softmax?: boolean;
}

export interface MatMulReluSpec {
  inputDim: number;
  outputDim: number;
  /** Row-major [inputDim, outputDim]. */
  weights: Float32Array;
  inputName?: string;
  outputName?: string;
}

/** y = softmax(x . W + b), x: [batch, inputDim] -> y: [batch, labels.length]. Returns ONNX bytes. */
export function buildLinearClassifierOnnx(spec: LinearClassifierSpec): Uint8Array {
  return buildMlpClassifierOnnx({
    layers: [{ inputDim: spec.inputDim, outputDim: spec.labels.length, weights: spec.weights, bias: spec.bias }],
    labels: spec.labels,
    inputName: spec.inputName,
    outputName: spec.outputName,
    softmax: spec.softmax,
  });
}

/** A multi-layer perceptron with a hidden activation between dense layers and softmax at the end. */
export function buildMlpClassifierOnnx(spec: MlpClassifierSpec): Uint8Array {
  if (spec.layers.length === 0) throw new Error('an MLP needs at least one layer');
  const last = spec.layers[spec.layers.length - 1];
  if (last.outputDim !== spec.labels.length) throw new Error(`last layer has ${last.outputDim} outputs but there are ${spec.labels.length} labels`);
  const inputName = spec.inputName ?? 'input';
  const outputName = spec.outputName ?? (spec.softmax === false ? 'logits' : 'probabilities');
  const graph = new OnnxGraphBuilder('mlp_classifier');
  let x = graph.input(inputName, ['batch', spec.layers[0].inputDim]);
  spec.layers.forEach((layer, i) => {
    const isLast = i === spec.layers.length - 1;
    x = graph.dense(x, layer, isLast && spec.softmax === false ? outputName : undefined);
    if (!isLast) x = graph.activation(x, spec.hiddenActivation ?? 'relu');
  });
  if (spec.softmax !== false) graph.softmax(x, outputName);
  graph.output(outputName, ['batch', last.outputDim]);
  return graph.toBytes();
}

/** y = relu(x . W): the repository's reference model for engine overhead and batching benchmarks. */
export function buildMatMulReluOnnx(spec: MatMulReluSpec): Uint8Array {
  const inputName = spec.inputName ?? 'input';
  const outputName = spec.outputName ?? 'output';
  const graph = new OnnxGraphBuilder('matmul_relu');
  const x = graph.input(inputName, ['batch', spec.inputDim]);
  const product = graph.dense(x, { inputDim: spec.inputDim, outputDim: spec.outputDim, weights: spec.weights });
  graph.activation(product, 'relu', outputName);
  graph.output(outputName, ['batch', spec.outputDim]);
  return graph.toBytes();
}

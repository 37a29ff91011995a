// Builds the engine's small test models into models/test-*/ with fixed seeds (byte-identical on rerun):
//   test-matmul/1      256x256 MatMul+Relu, dynamic batching (benchmarks, batching tests)
//   test-matmul-1024/1 1024x1024 MatMul+Relu (~4 MB; benchmark of the engine's overhead on a heavier model)
//   test-classifier/1  4 features -> 3 labels, softmax (postprocessing, V2 examples)
//   test-token-sum/1   INT64 [batch, tokens] -> FP32 [batch, 1] sum of ids (padding of variable-length rows)
// Usage: node tools/run.cjs tools/models/test-model/build.ts [repositoryPath]
import path from 'node:path';
import { onnx } from 'onnx-proto';
import { OnnxGraphBuilder, buildLinearClassifierOnnx, buildMatMulReluOnnx, writeModelVersion } from '@verticals/inference';
import { createSeededRandom } from '@verticals/text-models';

function randomMatrix(length: number, seed: number, scale: number): Float32Array {
  const random = createSeededRandom(seed);
  return Float32Array.from({ length }, () => (random.next() * 2 - 1) * scale);
}

const testCard = (description: string) => ({
  description,
  trainingData: 'none: weights are seeded random numbers (tools/models/test-model/build.ts)',
  metrics: {},
  intendedUse: 'tests and benchmarks of libs/inference only',
  limitations: 'predicts nothing meaningful',
});

export async function buildTestModels(repositoryPath: string): Promise<string[]> {
  const written: string[] = [];
  const matmul = await writeModelVersion(
    repositoryPath,
    {
      name: 'test-matmul',
      version: 1,
      platform: 'onnxruntime',
      inputs: [{ name: 'input', dtype: 'FP32', shape: [-1, 256] }],
      outputs: [{ name: 'output', dtype: 'FP32', shape: [-1, 256] }],
      batching: { maxBatchSize: 64, maxQueueDelayMicros: 0, preferredBatchSizes: [64], maxQueueSize: 4096 },
      instances: 1,
      executionProviders: ['cpu'],
      sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', enableCpuMemArena: true },
      card: testCard('y = relu(x . W), W 256x256 seeded random'),
    },
    buildMatMulReluOnnx({ inputDim: 256, outputDim: 256, weights: randomMatrix(256 * 256, 1, 0.1) }),
  );
  written.push(matmul.directory);

  const heavy = await writeModelVersion(
    repositoryPath,
    {
      name: 'test-matmul-1024',
      version: 1,
      platform: 'onnxruntime',
      inputs: [{ name: 'input', dtype: 'FP32', shape: [-1, 1024] }],
      outputs: [{ name: 'output', dtype: 'FP32', shape: [-1, 1024] }],
      batching: { maxBatchSize: 16, maxQueueDelayMicros: 0, maxQueueSize: 1024 },
      instances: 1,
      executionProviders: ['cpu'],
      sessionOptions: { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all', enableCpuMemArena: true },
      card: testCard('y = relu(x . W), W 1024x1024 seeded random'),
    },
    buildMatMulReluOnnx({ inputDim: 1024, outputDim: 1024, weights: randomMatrix(1024 * 1024, 4, 0.05) }),
  );
  written.push(heavy.directory);

  const labels = ['low', 'medium', 'high'];
  const classifier = await writeModelVersion(
    repositoryPath,
    {
      name: 'test-classifier',
      version: 1,
      platform: 'onnxruntime',
      inputs: [{ name: 'features', dtype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', dtype: 'FP32', shape: [-1, 3], labels }],
      preprocessing: { kind: 'tabular', fields: ['amount', 'age', 'score', 'tenure'] },
      batching: { maxBatchSize: 32, maxQueueDelayMicros: 100, maxQueueSize: 256 },
      executionProviders: ['cpu'],
      card: testCard('softmax(x . W + b) over 3 labels, 4 features'),
    },
    buildLinearClassifierOnnx({ inputDim: 4, weights: randomMatrix(12, 2, 1), bias: randomMatrix(3, 3, 0.5), labels, inputName: 'features' }),
  );
  written.push(classifier.directory);

  const graph = new OnnxGraphBuilder('token_sum');
  const ids = graph.input('input_ids', ['batch', 'tokens'], onnx.TensorProto.DataType.INT64);
  const asFloat = graph.node('Cast', [ids], undefined, [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }]);
  graph.node('ReduceSum', [asFloat, graph.constantInt64('axes', [1], [1])], 'sum', [{ name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 1 }]);
  graph.output('sum', ['batch', 1]);
  const tokenSum = await writeModelVersion(
    repositoryPath,
    {
      name: 'test-token-sum',
      version: 1,
      platform: 'onnxruntime',
      inputs: [{ name: 'input_ids', dtype: 'INT64', shape: [-1, -1], maxElements: 65536 }],
      outputs: [{ name: 'sum', dtype: 'FP32', shape: [-1, 1] }],
      batching: { maxBatchSize: 16, maxQueueDelayMicros: 2000, maxQueueSize: 128 },
      card: testCard('sum of token ids per row: padding with 0 must not change it'),
    },
    graph.toBytes(),
  );
  written.push(tokenSum.directory);
  return written;
}

if (process.argv[1] === __filename) {
  const repositoryPath = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..', '..', 'models'));
  buildTestModels(repositoryPath).then(
    (dirs) => dirs.forEach((d) => console.log(`wrote ${path.relative(process.cwd(), d)}`)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { onnx } from 'onnx-proto';
import { OnnxGraphBuilder } from '@verticals/inference';
import { toSentiment } from './hf-label-mapping';

const ROOT = resolve(__dirname, '../../../../..');
const WORDPIECE = join(ROOT, 'libs/inference/test-fixtures/tiny-wordpiece');
const run = promisify(execFile);

/** Word -> [NEGATIVE, POSITIVE] logit contributions, indexed by the tiny WordPiece vocabulary. */
const EMBEDDING: Record<number, [number, number]> = { 7: [-20, 20], 14: [-15, 15], 13: [20, -20], 8: [15, -15] };

/** A DistilBERT-SST-2-shaped folder: config.json with id2label, tokenizer files, onnx/model.onnx (ids, mask -> logits). */
function writeTinyHfSentimentFolder(folder: string): void {
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  copyFileSync(join(WORDPIECE, 'tokenizer.json'), join(folder, 'tokenizer.json'));
  copyFileSync(join(WORDPIECE, 'tokenizer_config.json'), join(folder, 'tokenizer_config.json'));
  writeFileSync(
    join(folder, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertForSequenceClassification'], id2label: { 0: 'NEGATIVE', 1: 'POSITIVE' }, label2id: { NEGATIVE: 0, POSITIVE: 1 } }),
  );
  const weights = new Float32Array(17 * 2);
  for (const [id, [neg, pos]] of Object.entries(EMBEDDING)) weights.set([neg, pos], Number(id) * 2);
  const graph = new OnnxGraphBuilder('tiny_sst2');
  const ids = graph.input('input_ids', ['batch', 'sequence'], onnx.TensorProto.DataType.INT64);
  graph.input('attention_mask', ['batch', 'sequence'], onnx.TensorProto.DataType.INT64);
  const embedded = graph.node('Gather', [graph.constant('embedding', weights, [17, 2]), ids]);
  const ints = (name: string, values: number[]) => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: values });
  graph.node('ReduceMean', [embedded], 'logits', [ints('axes', [1]), { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]);
  graph.output('logits', ['batch', 2]);
  writeFileSync(join(folder, 'onnx', 'model.onnx'), graph.toBytes());
}

describe('sentiment from a Hugging Face folder on disk (hub off)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-hf-'));
    writeTinyHfSentimentFolder(join(dir, 'tiny-sst2'));
    writeFileSync(join(dir, 'test.csv'), 'text,label\nthe order was great!,positive\ngood,positive\nmy order was bad,negative\nthe order was late.,negative\nmy order,neutral\nthe refunds,neutral\n');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // transformers.js runs onnxruntime-node, which cannot load inside Jest's module sandbox: the evaluation CLI
  // (a child process) loads the folder through the same HfSentimentClassifier the service uses.
  it('classifies through transformers.js with id2label mapped and neutral for unsure two-class answers', async () => {
    const { stdout } = await run(process.execPath, ['tools/run.cjs', 'tools/evaluate/main.ts', 'customer-service', 'sentiment', '--hf-model', join(dir, 'tiny-sst2'), '--test', join(dir, 'test.csv')], {
      cwd: ROOT,
      timeout: 120_000,
    });
    expect(stdout).toContain('hf:tiny-sst2');
    expect(stdout.trim().split('\n').at(-1)).toBe('accuracy=1.0000 macro_f1=1.0000');
  });

  it('maps SST-2 and TweetEval style labels to ours', () => {
    expect(toSentiment([{ label: 'POSITIVE', score: 0.98 }, { label: 'NEGATIVE', score: 0.02 }], 0.75)).toMatchObject({ label: 'positive', score: 0.96 });
    expect(toSentiment([{ label: 'LABEL_1', score: 0.6 }, { label: 'LABEL_0', score: 0.4 }], 0.75)).toMatchObject({ label: 'neutral' });
    expect(toSentiment([{ label: 'LABEL_0', score: 0.1 }, { label: 'LABEL_1', score: 0.7 }, { label: 'LABEL_2', score: 0.2 }], 0.75)).toMatchObject({ label: 'neutral', confidence: 0.7 });
    expect(toSentiment([{ label: '1 star', score: 0.9 }, { label: '5 stars', score: 0.1 }], 0.75)).toMatchObject({ label: 'negative' });
  });
});

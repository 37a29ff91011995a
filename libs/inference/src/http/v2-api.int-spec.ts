import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { COMMITTED_MODELS } from '../engine/test-repository';
import { InferenceEngine } from '../engine/inference-engine';
import { InferenceModule } from './inference.module';

describe('Open Inference Protocol V2 REST API', () => {
  let app: INestApplication;

  beforeAll(async () => {
    @Module({ imports: [InferenceModule.register({ repositoryPath: COMMITTED_MODELS, models: ['test-classifier', 'test-matmul'], logger: { info: () => undefined, warn: () => undefined, error: () => undefined } })] })
    class HostModule {}
    app = await NestFactory.create(HostModule, { logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  const http = () => request(app.getHttpServer());

  it('serves server metadata and health', async () => {
    await http().get('/v2').expect(200, { name: 'verticals-inference', version: '1.0.0', extensions: ['model_repository', 'statistics'] });
    await http().get('/v2/health/live').expect(200);
    await http().get('/v2/health/ready').expect(200);
  });

  it('describes a model like the spec example, with where it runs', async () => {
    const { body } = await http().get('/v2/models/test-classifier').expect(200);
    expect(body).toEqual({
      name: 'test-classifier',
      versions: ['1'],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'features', datatype: 'FP32', shape: [-1, 4] }],
      outputs: [{ name: 'probabilities', datatype: 'FP32', shape: [-1, 3] }],
      parameters: { execution_provider: 'cpu', labels: { probabilities: ['low', 'medium', 'high'] }, preprocessing: expect.any(Object) },
    });
    await http().get('/v2/models/test-classifier/versions/1').expect(200);
    await http().get('/v2/models/test-classifier/ready').expect(200);
    await http().get('/v2/models/test-classifier/versions/1/ready').expect(200);
    await http().get('/v2/models/test-classifier/versions/7/ready').expect(400);
  });

  it('infers with JSON tensors (nested data allowed) and echoes the request id', async () => {
    const { body } = await http()
      .post('/v2/models/test-classifier/infer')
      .send({ id: '42', inputs: [{ name: 'features', shape: [2, 4], datatype: 'FP32', data: [[1, 2, 3, 4], [0, 0, 0, 0]] }], outputs: [{ name: 'probabilities' }] })
      .expect(200);
    expect(body).toMatchObject({ model_name: 'test-classifier', model_version: '1', id: '42' });
    expect(body.outputs).toHaveLength(1);
    expect(body.outputs[0]).toMatchObject({ name: 'probabilities', datatype: 'FP32', shape: [2, 3] });
    expect(body.outputs[0].data.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    await http().post('/v2/models/test-classifier/versions/1/infer').send({ inputs: [{ name: 'features', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }).expect(200);
  });

  it.each([
    [{ inputs: [{ name: 'x', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3, 4] }] }, /unknown input 'x'/],
    [{ inputs: [{ name: 'features', shape: [1, 4], datatype: 'INT64', data: [1, 2, 3, 4] }] }, /input 'features': datatype INT64 does not match expected FP32/],
    [{ inputs: [{ name: 'features', shape: [1, 5], datatype: 'FP32', data: [1, 2, 3, 4, 5] }] }, /input 'features': shape \[1, 5\] does not match expected \[-1, 4\]/],
    [{ inputs: [{ name: 'features', shape: [1, 4], datatype: 'FP32', data: [1, 2, 3] }] }, /input 'features': shape \[1, 4\] needs 4 elements, got 3/],
    [{ inputs: [{ name: 'features', shape: [100000000, 4], datatype: 'FP32', data: [] }] }, /over the limit/],
    [{ inputs: [{ name: 'features', shape: [1, 4], datatype: 'FP32', data: [1, 'a', 3, 4] }] }, /element 1 is "a", expected a number/],
    [{ nothing: true }, /'inputs' array/],
  ])('answers bad request %# with 400 and {"error"} naming the problem', async (payload, message) => {
    const { body } = await http().post('/v2/models/test-classifier/infer').send(payload).expect(400);
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatch(message);
  });

  it('answers unknown models with 404 and {"error"}', async () => {
    await http().get('/v2/models/missing').expect(404, { error: "model 'missing' not found" });
    await http().post('/v2/models/missing/infer').send({ inputs: [] }).expect(404);
  });

  it('serves the repository and statistics extensions', async () => {
    const { body: index } = await http().post('/v2/repository/index').send({}).expect(200);
    expect(index).toEqual(expect.arrayContaining([{ name: 'test-classifier', version: '1', state: 'READY' }, { name: 'test-token-sum', state: 'UNAVAILABLE' }]));
    await http().post('/v2/repository/models/test-token-sum/load').expect(200);
    await http().get('/v2/models/test-token-sum/ready').expect(200);
    await http().post('/v2/repository/models/test-token-sum/unload').expect(200);
    await http().get('/v2/models/test-token-sum/ready').expect(400);
    await http().post('/v2/repository/models/does-not-exist/load').expect(404);
    const { body: stats } = await http().get('/v2/models/test-classifier/stats').expect(200);
    expect(stats.model_stats[0]).toMatchObject({ name: 'test-classifier', version: '1', inference_stats: { success: { count: expect.any(Number) } } });
    expect(stats.model_stats[0].inference_count).toBeGreaterThanOrEqual(3);
    await http().get('/v2/models/test-classifier/versions/1/stats').expect(200);
    await http().get('/v2/models/stats').expect(200);
  });

  it('injects the engine by its class for in-process use', async () => {
    const engine = app.get(InferenceEngine);
    const out = await engine.infer('test-classifier', { features: { data: new Float32Array(4), dims: [1, 4] } });
    expect(out.probabilities.dims).toEqual([1, 3]);
  });
});

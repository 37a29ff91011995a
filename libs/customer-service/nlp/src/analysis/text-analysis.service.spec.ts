import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { type InferenceEngine, createInferenceEngine } from '@verticals/inference';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import { seedModelRepository } from '../catalog/model-repository.seeder';
import { type ResolvedNlpOptions } from '../customer-service-nlp.options';
import { MODEL_NAMES } from '../model-kinds';
import { TextAnalysisService } from './text-analysis.service';
import { TextFeaturizer, parseTextFeaturizerConfig } from '@verticals/text-models';
import { FeaturizationWorker } from './featurization-worker';
import { TextModelPredictor } from './text-model.predictor';

const SEED = resolve(__dirname, '../../../../../models');

describe('TextAnalysisService on the default models', () => {
  let runtime: string;
  let engine: InferenceEngine;
  let analysis: TextAnalysisService;

  beforeAll(async () => {
    runtime = mkdtempSync(join(tmpdir(), 'cs-nlp-analysis-'));
    const seeded = seedModelRepository(SEED, runtime);
    const options: ResolvedNlpOptions = { repositoryPath: runtime, seedRepositoryPath: SEED, seeded };
    engine = await createInferenceEngine({ repositoryPath: runtime, models: Object.values(MODEL_NAMES), versionPolicy: 'all' });
    // Outside a tenant context the catalog answers the default version without reading the database.
    const catalog = new ModelCatalogService(options, engine, new DataSource({ type: 'postgres' }));
    analysis = new TextAnalysisService(engine, catalog, options, null);
  });

  afterAll(async () => {
    await analysis.onModuleDestroy();
    await engine.close();
    rmSync(runtime, { recursive: true, force: true });
  });

  it('reads sentiment, intent and language of a frustrated customer', async () => {
    const result = await analysis.analyze('This is ridiculous, my order still has not arrived after two weeks!');
    expect(result.sentiment.label).toBe('negative');
    expect(result.sentiment.score).toBeLessThan(0);
    expect(result.sentiment.confidence).toBeGreaterThan(0.5);
    expect(result.sentiment.model).toBe('customer-service-sentiment@2');
    expect(['order_status', 'shipping', 'complaint']).toContain(result.intent.name);
    expect(result.language).toEqual(expect.objectContaining({ code: 'en', supported: true }));
  });

  it('answers a batch in input order', async () => {
    const texts = ['Thank you so much, that was really helpful!', 'I want to talk to a real person', 'How do I reset my password?'];
    const results = await analysis.analyzeBatch(texts);
    expect(results.map((r) => r.intent.name)).toEqual(['greeting_thanks', 'human_request', 'account_login']);
    expect(results[0]?.sentiment.label).toBe('positive');
    expect(results[0]?.sentiment.score).toBeGreaterThan(0);
  });

  it('serves the sparse version 2 and still the dense version 1 (rollback), each from its model.json inputs', async () => {
    expect(engine.config(MODEL_NAMES.intent, 2).inputs.map((i) => i.name)).toEqual(['indices', 'values']);
    expect(engine.config(MODEL_NAMES.intent, 1).inputs.map((i) => i.name)).toEqual(['features']);
    const predictor = new TextModelPredictor(engine);
    const texts = ['I was charged twice for my subscription', 'hi', 'can I speak to a human please? this bot is useless'];
    const [dense, sparse] = await Promise.all([predictor.predict(MODEL_NAMES.intent, 1, texts), predictor.predict(MODEL_NAMES.intent, 2, texts)]);
    expect(dense.map((p) => p.label)).toEqual(['billing', 'greeting_thanks', 'human_request']);
    expect(sparse.map((p) => p.label)).toEqual(['billing', 'greeting_thanks', 'human_request']);
    for (const row of [...dense, ...sparse]) expect(Object.values(row.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  });

  it('flags a language the models do not support', async () => {
    const result = await analysis.analyze('Hola, quiero saber dónde está mi pedido, por favor, gracias');
    expect(result.language.code).toBe('es');
    expect(result.language.supported).toBe(false);
  });

  it('rejects with CANCELLED when the caller aborts before the models run', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(analysis.analyze('where is my parcel', { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('featurizes on a worker thread exactly as on the calling thread (sparse version 2, dense version 1)', async () => {
    const worker = new FeaturizationWorker();
    try {
      const texts = ['Where is my order??? It has NOT arrived :(', 'refund please', 'x'.repeat(3) + ' ' + 'long message about a late parcel '.repeat(120)];
      for (const version of [2, 1]) {
        const config = engine.config(MODEL_NAMES.sentiment, version);
        const preprocessing = config.preprocessing ?? {};
        const featurizer = new TextFeaturizer(parseTextFeaturizerConfig(preprocessing));
        const input = version === 2 ? 'sparse' : 'dense';
        const viaWorker = await worker.featurize(`${MODEL_NAMES.sentiment}@${version}`, preprocessing, input, texts);
        if (input === 'sparse') {
          const local = featurizer.transformSparseBatch(texts);
          expect(viaWorker['indices']).toEqual({ data: local.indices, dims: local.dims });
          expect(viaWorker['values']).toEqual({ data: local.values, dims: local.dims });
        } else {
          expect(viaWorker['features']).toEqual({ data: featurizer.transformBatch(texts), dims: [texts.length, featurizer.dimension] });
        }
      }
    } finally {
      await worker.close();
    }
  });

  it('predicts the same on the calling thread while the featurization thread is down', async () => {
    const worker = new FeaturizationWorker();
    try {
      const texts = ['I was charged twice for my subscription', 'thanks, that helped'];
      const withWorker = new TextModelPredictor(engine, worker, 0);
      const inThread = await new TextModelPredictor(engine).predict(MODEL_NAMES.intent, 2, texts);
      expect(await withWorker.predict(MODEL_NAMES.intent, 2, texts)).toEqual(inThread);
      await worker.simulateCrash();
      expect(worker.available).toBe(false);
      expect(await withWorker.predict(MODEL_NAMES.intent, 2, texts)).toEqual(inThread);
    } finally {
      await worker.close();
    }
  });

  it('returns nothing for an empty batch', async () => {
    await expect(analysis.analyzeBatch([])).resolves.toEqual([]);
  });
});

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InferenceErrorCode } from '../errors/inference-error';
import { temporaryRepository, writeScaledIdentityModel } from '../engine/test-repository';
import { ModelRepository, parseModelConfig } from './model-repository';

describe('ModelRepository', () => {
  it('lists versions, applies version policies, and verifies checksums', async () => {
    const repo = await temporaryRepository();
    try {
      for (const version of [1, 2, 3]) await writeScaledIdentityModel(repo.root, { version });
      const repository = new ModelRepository(repo.root);
      await expect(repository.modelNames()).resolves.toEqual(['scaled']);
      await expect(repository.selectVersions('scaled', { latest: 2 })).resolves.toEqual([2, 3]);
      await expect(repository.selectVersions('scaled', { specific: [1, 5] })).resolves.toEqual([1]);
      await expect(repository.selectVersions('scaled', 'all')).resolves.toEqual([1, 2, 3]);
      const files = await repository.read('scaled', 2);
      expect(files.config.version).toBe(2);
      await expect(repository.read('scaled', 9)).rejects.toMatchObject({ code: InferenceErrorCode.MODEL_NOT_FOUND });
      await expect(repository.read('../etc', 1)).rejects.toMatchObject({ code: InferenceErrorCode.MODEL_NOT_FOUND });
      await writeFile(path.join(files.directory, 'model.onnx'), Buffer.from('not the model model.json describes'));
      await expect(repository.read('scaled', 2)).rejects.toMatchObject({ code: InferenceErrorCode.MODEL_LOAD_FAILED, message: expect.stringMatching(/checksum mismatch/) });
    } finally {
      await repo.remove();
    }
  });

  it('rejects an invalid model.json with the field at fault', () => {
    expect(() => parseModelConfig(JSON.stringify({ name: 'x', version: 1, platform: 'onnxruntime', inputs: [], outputs: [] }))).toThrow(/inputs/);
    expect(() => parseModelConfig('{')).toThrow(/not valid JSON/);
  });
});

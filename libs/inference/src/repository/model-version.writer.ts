import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ModelConfig, ModelConfigSchema } from './model-config.schema';
import { sha256Hex } from './model-repository';

/** model.json without sha256 (computed here from the bytes); a given sha256 is overwritten. */
export type ModelVersionConfig = Omit<ModelConfig, 'sha256'> & { sha256?: string };

/**
 * Writes `<repositoryPath>/<name>/<version>/model.onnx` and its model.json (sha256 computed from
 * `onnxBytes`, config validated by the schema). Returns the version folder and the written config.
 */
export async function writeModelVersion(repositoryPath: string, config: ModelVersionConfig, onnxBytes: Uint8Array): Promise<{ directory: string; config: ModelConfig }> {
  const complete = ModelConfigSchema.parse({ ...config, sha256: sha256Hex(onnxBytes) });
  const directory = path.join(repositoryPath, complete.name, String(complete.version));
  await mkdir(directory, { recursive: true });
  await writeFile(path.join(directory, 'model.onnx'), onnxBytes);
  await writeFile(path.join(directory, 'model.json'), `${JSON.stringify(complete, null, 2)}\n`);
  return { directory, config: complete };
}

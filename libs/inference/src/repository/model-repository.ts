import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { InferenceError, InferenceErrorCode } from '../errors/inference-error';
import { type ModelConfig, ModelConfigSchema } from './model-config.schema';

/** Which versions of a model to serve, after Triton's version_policy. */
export type VersionPolicy = { latest: number } | { specific: number[] } | 'all';

export const DEFAULT_VERSION_POLICY: VersionPolicy = { latest: 1 };

export interface ModelVersionFiles {
  config: ModelConfig;
  modelBytes: Uint8Array;
  directory: string;
}

/** Reads `<repository>/<name>/<version>/{model.json,model.onnx}`; the folder layout is the contract. */
export class ModelRepository {
  constructor(readonly root: string) {}

  async modelNames(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const names: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory() && (await this.versions(entry.name)).length > 0) names.push(entry.name);
    }
    return names.sort();
  }

  async versions(name: string): Promise<number[]> {
    if (!isSafeName(name)) return [];
    const entries = await readdir(path.join(this.root, name), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && /^[1-9][0-9]*$/.test(e.name))
      .map((e) => Number(e.name))
      .sort((a, b) => a - b);
  }

  async selectVersions(name: string, policy: VersionPolicy): Promise<number[]> {
    const available = await this.versions(name);
    if (policy === 'all') return available;
    if ('latest' in policy) return available.slice(-Math.max(1, policy.latest));
    return available.filter((v) => policy.specific.includes(v));
  }

  /** Parses model.json and verifies model.onnx against its sha256 before anything runs it. */
  async read(name: string, version: number): Promise<ModelVersionFiles> {
    if (!isSafeName(name)) throw new InferenceError(InferenceErrorCode.MODEL_NOT_FOUND, `model '${name}' not found`);
    const directory = path.join(this.root, name, String(version));
    const configText = await readFile(path.join(directory, 'model.json'), 'utf8').catch(() => {
      throw new InferenceError(InferenceErrorCode.MODEL_NOT_FOUND, `model '${name}' version ${version} not found in the repository`);
    });
    const config = parseModelConfig(configText, `${name}/${version}/model.json`);
    if (config.name !== name || config.version !== version) {
      throw loadFailed(`${name}/${version}/model.json declares ${config.name} version ${config.version}; it must match its folder`);
    }
    const modelBytes = await readFile(path.join(directory, 'model.onnx')).catch(() => {
      throw loadFailed(`${name}/${version}/model.onnx is missing`);
    });
    const actual = sha256Hex(modelBytes);
    if (actual !== config.sha256) throw loadFailed(`${name}/${version}/model.onnx checksum mismatch: model.json says ${config.sha256}, file is ${actual}`);
    return { config, modelBytes: new Uint8Array(modelBytes.buffer, modelBytes.byteOffset, modelBytes.byteLength), directory };
  }
}

export function parseModelConfig(text: string, where = 'model.json'): ModelConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw loadFailed(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ModelConfigSchema.safeParse(json);
  if (!parsed.success) throw loadFailed(`${where} is invalid: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function isSafeName(name: string): boolean {
  return /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name) && !name.includes('..');
}

function loadFailed(message: string): InferenceError {
  return new InferenceError(InferenceErrorCode.MODEL_LOAD_FAILED, message);
}

import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_NAMES, type TextModelKind } from '../model-kinds';

/** Integer version folders of one model in a repository, ascending. */
export function listModelVersions(repositoryPath: string, modelName: string): number[] {
  const folder = join(repositoryPath, modelName);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[1-9][0-9]*$/.test(entry.name) && existsSync(join(folder, entry.name, 'model.json')))
    .map((entry) => Number(entry.name))
    .sort((a, b) => a - b);
}

export type SeededVersions = Record<TextModelKind, number[]>;

/**
 * Copies the customer-service model versions the runtime repository lacks from the seed repository (the repo's
 * models/). Existing runtime versions are never overwritten, and the seed folder is only read. Synchronous on
 * purpose: it runs once while the Nest module is defined, before the inference engine scans the runtime folder.
 */
export function seedModelRepository(seedRepositoryPath: string, repositoryPath: string): SeededVersions {
  const seeded = {} as SeededVersions;
  for (const [kind, name] of Object.entries(MODEL_NAMES) as [TextModelKind, string][]) {
    const versions = listModelVersions(seedRepositoryPath, name);
    const present = new Set(listModelVersions(repositoryPath, name));
    for (const version of versions) {
      if (present.has(version)) continue;
      const target = join(repositoryPath, name, String(version));
      mkdirSync(join(repositoryPath, name), { recursive: true });
      const staging = join(repositoryPath, name, `.${version}.seed-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      cpSync(join(seedRepositoryPath, name, String(version)), staging, { recursive: true });
      renameSync(staging, target);
    }
    seeded[kind] = versions;
  }
  return seeded;
}

import { z } from 'zod';
import { invalidInput } from '../errors/inference-error';
import { type Tensor } from '../runtime/tensor';

/** Declared schema of a tabular model's input: one entry per feature column, in model order. */
export const TabularFeatureSchema = z.discriminatedUnion('kind', [
  /** (value - mean) / std; missing values use `default` when given, else the record is rejected. */
  z.object({ name: z.string(), kind: z.literal('numeric'), mean: z.number().default(0), std: z.number().positive().default(1), default: z.number().optional() }),
  /** One-hot over `categories`; an unknown category gives all zeros (or is rejected when strict). */
  z.object({ name: z.string(), kind: z.literal('categorical'), categories: z.array(z.string()).min(1), strict: z.boolean().default(false) }),
  z.object({ name: z.string(), kind: z.literal('boolean') }),
]);
export const TabularSchema = z.array(TabularFeatureSchema).min(1);
export type TabularFeature = z.infer<typeof TabularFeatureSchema>;
export type TabularRecord = Record<string, number | string | boolean | null | undefined>;

export interface TabularEncoder {
  /** Width of a feature vector. */
  readonly width: number;
  readonly columns: string[];
  /** FP32 [records.length, width] tensor; throws INVALID_INPUT naming the record and field. */
  encode(records: readonly TabularRecord[]): Tensor;
}

export function createTabularEncoder(schema: z.input<typeof TabularSchema>): TabularEncoder {
  const features = TabularSchema.parse(schema);
  const columns = features.flatMap((f) => (f.kind === 'categorical' ? f.categories.map((c) => `${f.name}=${c}`) : [f.name]));
  const width = columns.length;
  return {
    width,
    columns,
    encode(records) {
      const data = new Float32Array(records.length * width);
      records.forEach((record, r) => {
        let column = r * width;
        for (const feature of features) {
          const value = record[feature.name];
          const where = `record ${r} field '${feature.name}'`;
          if (feature.kind === 'numeric') {
            const v = value ?? feature.default;
            if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidInput(`${where}: expected a finite number, got ${JSON.stringify(value)}`);
            data[column++] = (v - feature.mean) / feature.std;
          } else if (feature.kind === 'boolean') {
            if (typeof value !== 'boolean') throw invalidInput(`${where}: expected true or false, got ${JSON.stringify(value)}`);
            data[column++] = value ? 1 : 0;
          } else {
            const index = feature.categories.indexOf(String(value));
            if (index < 0 && feature.strict) throw invalidInput(`${where}: ${JSON.stringify(value)} is not one of ${feature.categories.join(', ')}`);
            if (index >= 0) data[column + index] = 1;
            column += feature.categories.length;
          }
        }
      });
      return { dtype: 'FP32', dims: [records.length, width], data };
    },
  };
}

import { parse as parseCsv } from 'csv-parse';
import { DatasetErrorCode, DatasetValidationError, type DatasetIssue } from './dataset-validation.error';
import { type LabelledText } from './text-classifier-trainer';

export interface DatasetLimits {
  /** Checked on the byte length before anything is parsed or allocated. */
  maxBytes: number;
  maxRows: number;
  maxTextChars: number;
  /** Parsing stops collecting issues after this many. */
  maxIssues: number;
}

export const DEFAULT_DATASET_LIMITS: DatasetLimits = { maxBytes: 20 * 1024 * 1024, maxRows: 200_000, maxTextChars: 5_000, maxIssues: 50 };

export interface ParsedDataset {
  rows: LabelledText[];
  labels: string[];
  counts: Record<string, number>;
}

export type DatasetFormat = 'csv' | 'jsonl';

const LABEL = /^[\p{L}\p{N}_.:-][\p{L}\p{N}_ .:-]{0,63}$/u;

/**
 * Parses an uploaded training set: CSV (RFC 4180, header with `text` and `label` columns) or JSONL
 * (one `{"text": ..., "label": ...}` per line). Throws DatasetValidationError listing the bad lines.
 */
export async function parseLabelledDataset(
  input: Buffer | string,
  options: {
    format?: DatasetFormat;
    limits?: Partial<DatasetLimits>;
    allowedLabels?: readonly string[];
    /** Maps a file's label spelling to the model's (e.g. "0" -> "negative"); undefined rejects the row. */
    normalizeLabel?: (label: string) => string | undefined;
  } = {},
): Promise<ParsedDataset> {
  const limits = { ...DEFAULT_DATASET_LIMITS, ...options.limits };
  const bytes = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (bytes > limits.maxBytes) {
    throw new DatasetValidationError(DatasetErrorCode.TooLarge, [{ line: 0, message: `file is ${bytes} bytes; the limit is ${limits.maxBytes}` }]);
  }
  const text = (typeof input === 'string' ? input : input.toString('utf8')).replace(/^\uFEFF/, '');
  const format = options.format ?? (text.trimStart().startsWith('{') ? 'jsonl' : 'csv');
  const records = format === 'csv' ? await csvRecords(text) : jsonlRecords(text);
  return validateRecords(records, limits, options.allowedLabels, options.normalizeLabel);
}

interface RawRecord {
  line: number;
  text: unknown;
  label: unknown;
  issue?: string;
}

async function csvRecords(input: string): Promise<RawRecord[]> {
  type CsvRow = { record: string[]; raw: string };
  const parsed = await new Promise<CsvRow[]>((resolve, reject) => {
    parseCsv(input, { raw: true, relax_column_count: true, skip_empty_lines: true }, (err, rows) => {
      if (err) {
        const line = typeof err['lines'] === 'number' ? err['lines'] : 0;
        reject(new DatasetValidationError(DatasetErrorCode.Malformed, [{ line, message: `CSV: ${err.message}` }]));
      } else resolve(rows as unknown as CsvRow[]);
    });
  });
  // Line numbers come from the raw text of each record: csv-parse's own counter drifts around skipped lines.
  let consumedLines = 0;
  const located = parsed.map(({ record, raw }) => {
    const leading = /^[\r\n]*/.exec(raw)?.[0].split('\n').length ?? 1;
    const line = consumedLines + leading;
    consumedLines += raw.split('\n').length - 1;
    return { record: record.map((f) => f.replace(/\r$/, '')), line };
  });
  const header = located.shift();
  if (!header) throw new DatasetValidationError(DatasetErrorCode.Malformed, [{ line: 1, message: 'CSV is empty; expected a header "text,label"' }]);
  const columns = header.record.map((c) => c.trim().toLowerCase());
  const textAt = columns.indexOf('text');
  const labelAt = columns.indexOf('label');
  if (textAt < 0 || labelAt < 0) {
    throw new DatasetValidationError(DatasetErrorCode.Malformed, [{ line: header.line, message: `header must name columns "text" and "label"; got "${header.record.join(',')}"` }]);
  }
  return located.map(({ record, line }) =>
    record.length !== columns.length
      ? { line, text: undefined, label: undefined, issue: `expected ${columns.length} fields, got ${record.length}` }
      : { line, text: record[textAt], label: record[labelAt] },
  );
}

function jsonlRecords(input: string): RawRecord[] {
  const out: RawRecord[] = [];
  input.split('\n').forEach((rawLine, i) => {
    const lineText = rawLine.trim();
    if (lineText === '') return;
    try {
      const value: unknown = JSON.parse(lineText);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.push({ line: i + 1, text: undefined, label: undefined, issue: 'expected a JSON object {"text": ..., "label": ...}' });
      } else {
        const obj = value as Record<string, unknown>;
        out.push({ line: i + 1, text: obj['text'], label: typeof obj['label'] === 'number' ? String(obj['label']) : obj['label'] });
      }
    } catch (err) {
      out.push({ line: i + 1, text: undefined, label: undefined, issue: `invalid JSON (${(err as Error).message})` });
    }
  });
  return out;
}

function validateRecords(
  records: RawRecord[],
  limits: DatasetLimits,
  allowedLabels?: readonly string[],
  normalizeLabel?: (label: string) => string | undefined,
): ParsedDataset {
  const issues: DatasetIssue[] = [];
  const rows: LabelledText[] = [];
  const allowed = allowedLabels ? new Set(allowedLabels) : undefined;
  if (records.length > limits.maxRows) {
    throw new DatasetValidationError(DatasetErrorCode.TooLarge, [{ line: 0, message: `${records.length} rows; the limit is ${limits.maxRows}` }]);
  }
  for (const record of records) {
    if (issues.length >= limits.maxIssues) break;
    // JSONL exports of public data sets often carry class ids as numbers ({"label": 2}).
    if (typeof record.label === 'number' && Number.isInteger(record.label)) record.label = String(record.label);
    if (normalizeLabel && typeof record.label === 'string' && record.label.trim() !== '') {
      const mapped = normalizeLabel(record.label.trim());
      if (mapped === undefined) record.issue ??= `label "${record.label.trim().slice(0, 70)}" is not a known label${allowed ? `; expected one of ${[...allowed].join(', ')}` : ''}`;
      else record.label = mapped;
    }
    const problem = record.issue ?? rowProblem(record, limits, allowed);
    if (problem) issues.push({ line: record.line, message: problem });
    else rows.push({ text: (record.text as string).trim(), label: (record.label as string).trim() });
  }
  if (issues.length > 0) throw new DatasetValidationError(DatasetErrorCode.InvalidRows, issues);
  if (rows.length === 0) throw new DatasetValidationError(DatasetErrorCode.InvalidRows, [{ line: 0, message: 'no rows' }]);
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.label] = (counts[row.label] ?? 0) + 1;
  return { rows, labels: Object.keys(counts).sort(), counts };
}

function rowProblem(record: RawRecord, limits: DatasetLimits, allowed?: Set<string>): string | undefined {
  if (typeof record.text !== 'string') return '"text" must be a string';
  if (typeof record.label !== 'string') return '"label" must be a string';
  const text = record.text.trim();
  const label = record.label.trim();
  if (text === '') return 'text is empty';
  if (text.length > limits.maxTextChars) return `text has ${text.length} characters; the limit is ${limits.maxTextChars}`;
  if (label === '') return 'label is empty';
  if (!LABEL.test(label)) return `label "${label.slice(0, 70)}" must be 1-64 letters, digits, spaces or _ . : -`;
  if (allowed && !allowed.has(label)) return `label "${label}" is not one of ${[...allowed].join(', ')}`;
  return undefined;
}

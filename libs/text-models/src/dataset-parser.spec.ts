import { parseLabelledDataset } from './dataset-parser';
import { DatasetErrorCode, DatasetValidationError } from './dataset-validation.error';

async function issuesOf(promise: Promise<unknown>): Promise<DatasetValidationError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DatasetValidationError);
  return err as DatasetValidationError;
}

describe('parseLabelledDataset', () => {
  it('parses RFC 4180 CSV with quoted commas, quotes and newlines', async () => {
    const csv = 'text,label\n"hello, ""world""\nsecond line",positive\nplain text,negative\r\n';
    await expect(parseLabelledDataset(csv)).resolves.toEqual({
      rows: [
        { text: 'hello, "world"\nsecond line', label: 'positive' },
        { text: 'plain text', label: 'negative' },
      ],
      labels: ['negative', 'positive'],
      counts: { positive: 1, negative: 1 },
    });
  });

  it('accepts columns in any order and ignores extra ones', async () => {
    const parsed = await parseLabelledDataset('id,label,text\n1,billing,charged twice\n');
    expect(parsed.rows).toEqual([{ text: 'charged twice', label: 'billing' }]);
  });

  it('reports every bad row with its line number, counting multi-line records', async () => {
    const csv = 'text,label\n"two\nlines",ok\n,empty_text\nno label,\n\ntoo,many,fields\ngood,ok\n';
    const err = await issuesOf(parseLabelledDataset(csv));
    expect(err.code).toBe(DatasetErrorCode.InvalidRows);
    expect(err.issues).toEqual([
      { line: 4, message: 'text is empty' },
      { line: 5, message: 'label is empty' },
      { line: 7, message: 'expected 2 fields, got 3' },
    ]);
  });

  it('names the line of a broken quote', async () => {
    const err = await issuesOf(parseLabelledDataset('text,label\nfine,ok\n"broken"x,bad\n'));
    expect(err.code).toBe(DatasetErrorCode.Malformed);
    expect(err.issues[0]?.line).toBe(3);
  });

  it('rejects a missing header column', async () => {
    const err = await issuesOf(parseLabelledDataset('message,label\nhi,greeting\n'));
    expect(err.issues[0]).toMatchObject({ line: 1 });
  });

  it('parses JSONL and reports bad lines', async () => {
    await expect(parseLabelledDataset('{"text":"hi","label":"greeting"}\n\n{"text":"bye","label":2}\n')).resolves.toMatchObject({
      rows: [{ text: 'hi', label: 'greeting' }, { text: 'bye', label: '2' }],
    });
    const err = await issuesOf(parseLabelledDataset('{"text":"hi","label":"a"}\n{"text": 5, "label":"a"}\nnot json\n[1]\n', { format: 'jsonl' }));
    expect(err.issues.map((i) => i.line)).toEqual([2, 3, 4]);
  });

  it('refuses input over the byte limit before parsing it', async () => {
    const err = await issuesOf(parseLabelledDataset(Buffer.alloc(2048, 'a'), { limits: { maxBytes: 1024 } }));
    expect(err.code).toBe(DatasetErrorCode.TooLarge);
    expect(err.issues[0]?.line).toBe(0);
  });

  it('enforces row and text-length limits and allowed labels', async () => {
    await expect(parseLabelledDataset('text,label\na,x\nb,x\nc,x\n', { limits: { maxRows: 2 } })).rejects.toMatchObject({ code: DatasetErrorCode.TooLarge });
    const long = await issuesOf(parseLabelledDataset(`text,label\n${'x'.repeat(50)},a\n`, { limits: { maxTextChars: 10 } }));
    expect(long.issues[0]?.message).toMatch(/limit is 10/);
    const label = await issuesOf(parseLabelledDataset('text,label\nhi,positive\nho,happy\n', { allowedLabels: ['positive', 'negative'] }));
    expect(label.issues).toEqual([{ line: 3, message: 'label "happy" is not one of positive, negative' }]);
  });

  it('maps label spellings through normalizeLabel (numeric JSONL ids included) and reports unknown ones by line', async () => {
    const aliases: Record<string, string> = { '0': 'negative', '2': 'positive', pos: 'positive' };
    const parsed = await parseLabelledDataset('{"text":"a","label":0}\n{"text":"b","label":"pos"}\n', { normalizeLabel: (l) => aliases[l], allowedLabels: ['negative', 'positive'] });
    expect(parsed.rows).toEqual([{ text: 'a', label: 'negative' }, { text: 'b', label: 'positive' }]);
    const bad = await issuesOf(parseLabelledDataset('text,label\nhi,pos\nho,7\n', { normalizeLabel: (l) => aliases[l] }));
    expect(bad.issues).toEqual([{ line: 3, message: 'label "7" is not a known label' }]);
  });
});

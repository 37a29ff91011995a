import path from 'node:path';
import { loadTextTokenizer } from './text-tokenizer';

const FIXTURE = path.join(__dirname, '..', '..', 'test-fixtures', 'tiny-wordpiece');

describe('loadTextTokenizer (local WordPiece folder, hub off)', () => {
  it('encodes a batch into padded INT64 input_ids and attention_mask', async () => {
    const tokenizer = await loadTextTokenizer(FIXTURE);
    const t = tokenizer.encode(['The order was great!', 'Refunds bad']);
    expect(t.input_ids.dims).toEqual([2, 7]);
    expect(Array.from(t.input_ids.data as BigInt64Array, Number)).toEqual([2, 4, 5, 6, 7, 16, 3, 2, 9, 10, 13, 3, 0, 0]);
    expect(Array.from(t.attention_mask.data as BigInt64Array, Number)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    expect(tokenizer.decode([2, 9, 10, 13, 3])).toBe('refunds bad');
  });

  it('maps unknown words to [UNK] and truncates to maxLength', async () => {
    const tokenizer = await loadTextTokenizer(FIXTURE);
    const t = tokenizer.encode(['zebra order order order order'], { maxLength: 4 });
    expect(t.input_ids.dims).toEqual([1, 4]);
    expect(Array.from(t.input_ids.data as BigInt64Array, Number).slice(0, 3)).toEqual([2, 1, 5]);
  });

  it('fails offline for a folder without tokenizer files', async () => {
    await expect(loadTextTokenizer(path.join(FIXTURE, '..', 'no-such-tokenizer'))).rejects.toThrow();
  });
});

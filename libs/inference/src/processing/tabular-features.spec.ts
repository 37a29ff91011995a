import { InferenceErrorCode } from '../errors/inference-error';
import { createTabularEncoder } from './tabular-features';

describe('createTabularEncoder', () => {
  const encoder = createTabularEncoder([
    { name: 'amount', kind: 'numeric', mean: 100, std: 50 },
    { name: 'channel', kind: 'categorical', categories: ['web', 'store'] },
    { name: 'vip', kind: 'boolean' },
    { name: 'age', kind: 'numeric', default: 30 },
  ]);

  it('encodes typed records into an FP32 [n, width] tensor in schema order', () => {
    expect(encoder.columns).toEqual(['amount', 'channel=web', 'channel=store', 'vip', 'age']);
    const t = encoder.encode([
      { amount: 200, channel: 'store', vip: true, age: 40 },
      { amount: 100, channel: 'phone', vip: false },
    ]);
    expect(t.dims).toEqual([2, 5]);
    expect(Array.from(t.data as Float32Array)).toEqual([2, 0, 1, 1, 40, 0, 0, 0, 0, 30]);
  });

  it('rejects a missing or mistyped field with INVALID_INPUT naming it', () => {
    expect(() => encoder.encode([{ channel: 'web', vip: true }])).toThrow(expect.objectContaining({ code: InferenceErrorCode.INVALID_INPUT, message: expect.stringMatching(/record 0 field 'amount'/) }));
    expect(() => encoder.encode([{ amount: 1, channel: 'web', vip: 'yes' }])).toThrow(/field 'vip': expected true or false/);
  });
});

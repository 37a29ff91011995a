import { applyThresholds, classify, softmax, topK } from './postprocessing';

describe('postprocessing', () => {
  it('softmax normalizes each row and survives large logits', () => {
    const p = softmax([1000, 1000, 0, 0, Math.log(3), 0], 3);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[2]).toBeCloseTo(0, 6);
    expect(p[3] + p[4] + p[5]).toBeCloseTo(1, 6);
    expect(p[4] / p[3]).toBeCloseTo(3, 5);
    expect(() => softmax([1, 2, 3], 2)).toThrow(/do not split/);
  });

  it('topK ranks labels per row and classify picks the argmax', () => {
    const labels = ['a', 'b', 'c'];
    expect(topK([0.1, 0.7, 0.2, 0.5, 0.2, 0.3], labels, 2)).toEqual([
      [{ label: 'b', index: 1, score: 0.7 }, { label: 'c', index: 2, score: 0.2 }],
      [{ label: 'a', index: 0, score: 0.5 }, { label: 'c', index: 2, score: 0.3 }],
    ]);
    expect(classify([0.1, 0.7, 0.2], labels).map((s) => s.label)).toEqual(['b']);
  });

  it('applyThresholds keeps labels at or above their own threshold', () => {
    expect(applyThresholds([0.9, 0.4, 0.6], ['spam', 'urgent', 'billing'], { urgent: 0.3 }, 0.7).map((row) => row.map((s) => s.label))).toEqual([['spam', 'urgent']]);
  });
});

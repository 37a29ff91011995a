import { computeClassificationMetrics, formatClassificationReport, metricsFromConfusion } from './classification-metrics';

describe('classification metrics', () => {
  // Hand-computed: a: P=5/7, R=5/6; b: P=3/4, R=3/5; c: P=2/3, R=2/3... see each expectation.
  const labels = ['a', 'b', 'c'];
  const confusion = [
    [5, 1, 0],
    [2, 3, 0],
    [0, 0, 2],
  ];

  it('computes accuracy, per-class precision/recall/F1 and macro-F1 from a confusion matrix', () => {
    const m = metricsFromConfusion(labels, confusion);
    expect(m.count).toBe(13);
    expect(m.accuracy).toBeCloseTo(10 / 13, 10);
    const [a, b, c] = m.perClass;
    expect(a?.precision).toBeCloseTo(5 / 7, 10);
    expect(a?.recall).toBeCloseTo(5 / 6, 10);
    expect(a?.f1).toBeCloseTo((2 * (5 / 7) * (5 / 6)) / (5 / 7 + 5 / 6), 10);
    expect(b?.precision).toBeCloseTo(3 / 4, 10);
    expect(b?.recall).toBeCloseTo(3 / 5, 10);
    expect(c?.f1).toBe(1);
    const f1b = (2 * 0.75 * 0.6) / 1.35;
    expect(m.macroF1).toBeCloseTo(((2 * (5 / 7) * (5 / 6)) / (5 / 7 + 5 / 6) + f1b + 1) / 3, 10);
  });

  it('builds the same matrix from label lists', () => {
    const actual = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'b', 'c', 'c'];
    const predicted = ['a', 'a', 'a', 'a', 'a', 'b', 'a', 'a', 'b', 'b', 'b', 'c', 'c'];
    expect(computeClassificationMetrics(labels, actual, predicted).confusion).toEqual(confusion);
    expect(() => computeClassificationMetrics(labels, ['a'], ['z'])).toThrow(/unknown label "z"/);
  });

  it('gives zero precision to a class that is never predicted', () => {
    const m = metricsFromConfusion(['x', 'y'], [[3, 0], [1, 0]]);
    expect(m.perClass[1]).toMatchObject({ precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('ends the text report with the accuracy and macro-F1 line', () => {
    const report = formatClassificationReport(metricsFromConfusion(labels, confusion));
    expect(report).toContain('confusion matrix');
    expect(report.split('\n').at(-1)).toBe(`accuracy=${(10 / 13).toFixed(4)} macro_f1=${metricsFromConfusion(labels, confusion).macroF1.toFixed(4)}`);
  });
});

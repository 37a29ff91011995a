import { defaultTextFeaturizerConfig, parseTextFeaturizerConfig } from './featurizer-config';
import { TextFeaturizer } from './text-featurizer';
import { normalizeText } from './text-normalizer';
import { markNegation, tokenize } from './text-tokenizer';

describe('TextFeaturizer', () => {
  const config = defaultTextFeaturizerConfig({ buckets: 1024, lexicon: { sources: ['vader', 'afinn'], weight: 1 } });

  it('gives identical vectors for the same config and text, across instances', () => {
    const a = new TextFeaturizer(config).transformSparse('My parcel is LATE again!!! https://track.example.com/123');
    const b = new TextFeaturizer(JSON.parse(JSON.stringify(config))).transformSparse('My parcel is LATE again!!! https://track.example.com/123');
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });

  it('gives the same vector whether or not another featurizer with the same text settings saw the text first', () => {
    const text = 'Not good at all, I was charged twice :(';
    const other = new TextFeaturizer(defaultTextFeaturizerConfig({ buckets: 4096, charWeight: 0.2, lexicon: { sources: ['afinn'], weight: 0.5 } }));
    const alone = new TextFeaturizer(config).transformSparse(text);
    // Push `text` out of the featurizers' shared recent-text memo, then let the other featurizer fill it.
    for (let i = 0; i < 300; i++) other.transformSparse(`filler ${i}`);
    other.transformSparse(text);
    const shared = new TextFeaturizer(config).transformSparse(text);
    expect(Array.from(shared.indices)).toEqual(Array.from(alone.indices));
    expect(Array.from(shared.values)).toEqual(Array.from(alone.values));
  });

  it('has unit L2 norm over the hashed block and appends the lexicon features after it', () => {
    const featurizer = new TextFeaturizer(config);
    expect(featurizer.dimension).toBe(1024 + 9);
    expect(featurizer.denseFeatureNames[0]).toBe('vader_compound');
    const v = featurizer.transformSparse('the support agent was wonderful');
    let norm = 0;
    v.indices.forEach((index, i) => {
      if (index < 1024) norm += (v.values[i] as number) ** 2;
    });
    expect(norm).toBeCloseTo(1, 5);
    const compound = v.values[Array.from(v.indices).indexOf(1024)] as number;
    expect(compound).toBeGreaterThan(0.3);
  });

  it('tells "good" from "not good" through negation marking and the lexicon', () => {
    const featurizer = new TextFeaturizer(config);
    const at = (text: string): number => {
      const v = featurizer.transformSparse(text);
      return v.values[Array.from(v.indices).indexOf(1024 + 4)] ?? 0;
    };
    expect(at('the service was good')).toBeGreaterThan(0);
    expect(at('the service was not good')).toBeLessThan(0);
    expect(markNegation(tokenize("it isn't good, but fine"), 3).map((t) => t.text)).toEqual(['it', "isn't", 'neg_good', ',', 'but', 'fine']);
  });

  it('normalises unicode, case, placeholders and elongation', () => {
    const text = normalizeText('ＳＯＯＯＯ late!!!! mail me at jo@example.com or +44 7700 900123, order #55821 see www.shop.com/x', {
      lowercase: true,
      placeholders: true,
      squashRepeats: true,
    });
    expect(text).toBe('soo late!! mail me at <email> or <phone> , order <num> see <url>');
  });

  it('rejects a config from an unknown featurizer version, and still reproduces version 1', () => {
    expect(() => parseTextFeaturizerConfig({ ...config, version: 3 })).toThrow();
    const v1 = new TextFeaturizer({ ...config, version: 1 });
    const v2 = new TextFeaturizer(config);
    // Version 1 ignored @mentions and hashtags' camel case; version 2 maps them to <user> and words.
    const text = '@ShopHelp where is it #NeverAgain';
    expect(Array.from(v1.transformSparse(text).indices)).not.toEqual(Array.from(v2.transformSparse(text).indices));
    expect(normalizeText(text, { lowercase: true, placeholders: true, squashRepeats: true, social: true })).toBe('<user> where is it never again');
    expect(normalizeText(text, { lowercase: true, placeholders: true, squashRepeats: true })).toBe('@shophelp where is it #neveragain');
  });

  it('pads sparse batches to the longest row with index 0 and value 0', () => {
    const featurizer = new TextFeaturizer(config);
    const batch = featurizer.transformSparseBatch(['refund please', 'thanks for the quick help with my order!', '']);
    const long = featurizer.transformSparse('thanks for the quick help with my order!');
    const short = featurizer.transformSparse('refund please');
    expect(batch.dims).toEqual([3, long.indices.length]);
    const width = batch.dims[1];
    expect(Array.from(batch.indices.slice(0, short.indices.length), Number)).toEqual(Array.from(short.indices));
    expect(Array.from(batch.indices.slice(short.indices.length, width), Number).every((i) => i === 0)).toBe(true);
    expect(Array.from(batch.values.slice(short.indices.length, width)).every((v) => v === 0)).toBe(true);
    expect(Array.from(batch.values.slice(width, 2 * width))).toEqual(Array.from(long.values));
    expect(Array.from(batch.values.slice(2 * width)).every((v) => v === 0)).toBe(true);
  });

  it('writes dense rows that match the sparse vector', () => {
    const featurizer = new TextFeaturizer(config);
    const rows = featurizer.transformBatch(['refund please', 'thanks!']);
    const sparse = featurizer.transformSparse('thanks!');
    expect(rows.length).toBe(2 * featurizer.dimension);
    sparse.indices.forEach((index, i) => expect(rows[featurizer.dimension + index]).toBe(sparse.values[i]));
  });
});

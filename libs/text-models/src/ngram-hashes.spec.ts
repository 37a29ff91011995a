import { fnv1a32 } from './feature-hashing';
import { charNgramHashes, wordNgramHashes } from './ngram-hashes';
import { createSeededRandom } from './seeded-random';
import { normalizeText } from './text-normalizer';
import { markNegation, tokenize, type TextToken } from './text-tokenizer';

// The term strings the committed models were fitted on: the contract the hashes must reproduce.
function wordNgrams(tokens: readonly TextToken[], [min, max]: readonly [number, number]): string[] {
  const terms: string[] = [];
  let segment: string[] = [];
  const flush = (): void => {
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= segment.length; i++) terms.push(`w${n}:${segment.slice(i, i + n).join(' ')}`);
    }
    segment = [];
  };
  for (const token of tokens) {
    if (token.kind === 'break') flush();
    else segment.push(token.text);
  }
  flush();
  return terms;
}

function charNgrams(tokens: readonly TextToken[], [min, max]: readonly [number, number]): string[] {
  const terms: string[] = [];
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    const padded = ` ${token.text} `;
    for (let n = min; n <= max; n++) {
      for (let i = 0; i + n <= padded.length; i++) terms.push(`c:${padded.slice(i, i + n)}`);
    }
  }
  return terms;
}

const WORDS = ['my', 'order', 'is', 'not', "didn't", 'arrive', 'a', 'I', 'refund', 'please', 'Ünïcödé', '😀', '42', 'x', 'https://example.com/a'];
const JOINERS = [' ', ' ', ' ', '. ', '! ', ', ', '? ', '\n'];

function randomTexts(count: number): string[] {
  const random = createSeededRandom(11);
  return Array.from({ length: count }, () => {
    let text = '';
    for (let i = random.int(25); i >= 0; i--) text += random.pick(WORDS) + random.pick(JOINERS);
    return text;
  });
}

describe('n-gram hashes', () => {
  const tokenLists = randomTexts(400).map((text) => {
    const tokens = tokenize(normalizeText(text, { lowercase: true, placeholders: true, squashRepeats: true, social: true }));
    return { tokens, negated: markNegation(tokens, 3) };
  });

  it.each([
    [1, 1],
    [1, 2],
    [2, 3],
  ] as const)('word %i-%i grams hash exactly as their term strings', (min, max) => {
    for (const { negated } of tokenLists) {
      expect(Array.from(wordNgramHashes(negated, [min, max]))).toEqual(wordNgrams(negated, [min, max]).map(fnv1a32));
    }
  });

  it.each([
    [3, 5],
    [2, 4],
    [1, 1],
    [4, 4],
  ] as const)('char %i-%i grams hash exactly as their term strings', (min, max) => {
    for (const { tokens } of tokenLists) {
      expect(Array.from(charNgramHashes(tokens, [min, max]))).toEqual(charNgrams(tokens, [min, max]).map(fnv1a32));
    }
  });

  it('covers breaks, one-letter words and empty texts', () => {
    const words = tokenLists.flatMap(({ tokens }) => tokens);
    expect(words.some((t) => t.kind === 'break')).toBe(true);
    expect(words.some((t) => t.kind === 'word' && t.text.length === 1)).toBe(true);
    expect(wordNgramHashes([], [1, 2]).length).toBe(0);
    expect(charNgramHashes([], [3, 5]).length).toBe(0);
  });
});

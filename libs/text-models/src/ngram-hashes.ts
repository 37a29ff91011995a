import { FNV1A_OFFSET, fnv1aContinue, fnv1aStep } from './feature-hashing';
import { type TextToken } from './text-tokenizer';

const SPACE = 32;

/*
 * The FNV-1a hashes of a text's n-gram terms, computed from the tokens without building the term
 * strings. The terms, in this order, are the featurizer contract (ngram-hashes.spec.ts keeps their
 * string definition and checks these hashes against it):
 * - word n-grams `w<n>:<token> <token> ...` per segment between breaks, all n-grams of the smallest n first;
 * - char n-grams `c:<slice>` of ` <word> ` per word token, all n-grams of the smallest n first.
 */

export function wordNgramHashes(tokens: readonly TextToken[], [min, max]: readonly [number, number]): Uint32Array {
  const segments: string[][] = [[]];
  for (const token of tokens) {
    if (token.kind === 'break') segments.push([]);
    else (segments[segments.length - 1] as string[]).push(token.text);
  }
  let count = 0;
  for (const segment of segments) for (let n = min; n <= max; n++) count += Math.max(0, segment.length - n + 1);
  const out = new Uint32Array(count);
  const prefixes: number[] = [];
  for (let n = min; n <= max; n++) prefixes.push(fnv1aContinue(FNV1A_OFFSET, `w${n}:`));
  let k = 0;
  for (const segment of segments) {
    for (let n = min; n <= max; n++) {
      const prefix = prefixes[n - min] as number;
      for (let i = 0; i + n <= segment.length; i++) {
        let hash = fnv1aContinue(prefix, segment[i] as string);
        for (let j = i + 1; j < i + n; j++) hash = fnv1aContinue(fnv1aStep(hash, SPACE), segment[j] as string);
        out[k++] = hash >>> 0;
      }
    }
  }
  return out;
}

export function charNgramHashes(tokens: readonly TextToken[], [min, max]: readonly [number, number]): Uint32Array {
  let count = 0;
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    for (let n = min; n <= max; n++) count += Math.max(0, token.text.length + 2 - n + 1);
  }
  const out = new Uint32Array(count);
  const prefix = fnv1aContinue(FNV1A_OFFSET, 'c:');
  let base = 0;
  for (const token of tokens) {
    if (token.kind !== 'word') continue;
    const word = token.text;
    const length = word.length + 2;
    // Position of the n-grams of each n in the output: all of the smallest n first, as the contract orders them.
    const offsets: number[] = [];
    for (let n = min, offset = base; n <= max; n++) {
      offsets.push(offset);
      offset += Math.max(0, length - n + 1);
    }
    for (let i = 0; i < length; i++) {
      let hash = prefix;
      for (let n = 1; n <= max && i + n <= length; n++) {
        const at = i + n - 1;
        hash = fnv1aStep(hash, at === 0 || at === length - 1 ? SPACE : word.charCodeAt(at - 1));
        if (n >= min) out[(offsets[n - min] as number) + i] = hash >>> 0;
      }
    }
    base = (offsets[offsets.length - 1] as number) + Math.max(0, length - max + 1);
  }
  return out;
}

import afinnLabels from 'sentiment/languages/en/labels.json';
import afinnEmoji from 'sentiment/build/emoji.json';
import { RecentTextCache } from './recent-text-cache';
import { isNegator, type TextToken } from './text-tokenizer';
import { vaderScores } from './vader';

export type LexiconSource = 'vader' | 'afinn';

/** Feature names in output order, per source: part of the featurizer contract. */
export const LEXICON_FEATURE_NAMES: Record<LexiconSource, readonly string[]> = {
  vader: ['vader_compound', 'vader_pos', 'vader_neg', 'vader_neu'],
  afinn: ['afinn_net', 'afinn_pos', 'afinn_neg', 'exclamation', 'question'],
};

const AFINN: ReadonlyMap<string, number> = new Map([
  ...Object.entries(afinnLabels as Record<string, number>),
  ...Object.entries(afinnEmoji as Record<string, number>),
]);

export function afinnValence(word: string): number | undefined {
  return AFINN.get(word);
}

/** VADER (Hutto & Gilbert 2014) reads the raw text: it uses capitals, "!" and "but" itself. */
function vaderFeatures(rawText: string): readonly number[] {
  return VADER_RECENT.get(rawText, () => {
    const s = vaderScores(rawText);
    return [s.compound, s.pos, s.neg, s.neu];
  });
}

// Pure in the text; the sentiment and intent featurizers both read it for every message.
const VADER_RECENT = new RecentTextCache<readonly number[]>(256);

/** AFINN-165 sums with negation: a valence within three words after a negator flips sign and halves. */
function afinnFeatures(tokens: readonly TextToken[]): number[] {
  let pos = 0;
  let neg = 0;
  let negationLeft = 0;
  let exclamation = 0;
  let question = 0;
  for (const token of tokens) {
    if (token.kind === 'emphasis') {
      if (token.text.includes('!')) exclamation = 1;
      if (token.text.includes('?')) question = 1;
      negationLeft = 0;
      continue;
    }
    if (token.kind === 'break') {
      negationLeft = 0;
      continue;
    }
    if (token.kind === 'word' && isNegator(token.text)) {
      negationLeft = 3;
      continue;
    }
    const valence = AFINN.get(token.text);
    if (valence !== undefined) {
      const v = negationLeft > 0 ? -valence * 0.5 : valence;
      if (v > 0) pos += v;
      else neg -= v;
    }
    if (negationLeft > 0) negationLeft--;
  }
  return [Math.tanh((pos - neg) / 4), Math.tanh(pos / 4), Math.tanh(neg / 4), exclamation, question];
}

export function lexiconFeatures(sources: readonly LexiconSource[], rawText: string, tokens: readonly TextToken[]): number[] {
  const out: number[] = [];
  for (const source of sources) out.push(...(source === 'vader' ? vaderFeatures(rawText) : afinnFeatures(tokens)));
  return out;
}

export function lexiconFeatureCount(sources: readonly LexiconSource[]): number {
  return sources.reduce((n, source) => n + LEXICON_FEATURE_NAMES[source].length, 0);
}

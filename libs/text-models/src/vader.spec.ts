import { readFileSync } from 'node:fs';
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import { createSeededRandom } from './seeded-random';
import { vaderScores } from './vader';

// Words that exercise every rule: boosters (also in capitals), negations, "but", "kind of", "least",
// "never so", idioms, contractions, emoticons, punctuation attached before and after words.
const RULE_WORDS = [
  'very', 'VERY', 'extremely', 'kind', 'of', 'sort', 'kinda', 'barely', 'not', "isn't", "don't", 'never', 'so', 'this',
  'without', 'but', 'BUT', 'least', 'at', 'the', 'shit', 'bomb', 'bad', 'ass', 'yeah', 'right', 'cut', 'mustard',
  'kiss', 'death', 'hand', 'to', 'mouth', 'just', 'enough', ':)', ':-(', ':D', '<3', 'lol', 'order', 'refund', 'my',
  'is', 'it', 'a', 'I', 'was', 'ok',
];
const AFFIXES = ['', '', '', '.', '!', '?', ',', '!!', '???', '?!?', '"', "'", '-', ':', '...', '(', ')'];

function lexiconWords(): string[] {
  return readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8')
    .split('\n')
    .map((line) => line.split('\t')[0] ?? '')
    .filter((word) => word.length > 0);
}

function randomTexts(count: number): string[] {
  const random = createSeededRandom(20261123);
  const lexicon = lexiconWords();
  const texts: string[] = [];
  for (let t = 0; t < count; t++) {
    const words: string[] = [];
    const length = 1 + random.int(14);
    for (let w = 0; w < length; w++) {
      let word = random.next() < 0.35 ? random.pick(lexicon) : random.pick(RULE_WORDS);
      if (random.next() < 0.1) word = word.toUpperCase();
      if (random.next() < 0.25) word = random.pick(AFFIXES) + word;
      if (random.next() < 0.3) word += random.pick(AFFIXES);
      words.push(word);
    }
    texts.push(words.join(random.next() < 0.1 ? '\t' : ' '));
  }
  return texts;
}

const SUPPORT_TEXTS = [
  'VADER is VERY SMART, handsome, and FUNNY!!!',
  'The book was kind of good.',
  'At least it isn\'t a horrible book.',
  'Today SUX! But I\'m not so sure it is the least bit bad :)',
  'Where is my order? It has not arrived yet.',
  'This is the WORST service ever!!! I want a refund NOW',
  'Thanks a lot, that helped! :D',
  'Not bad at all, but the delivery was late again...',
  'Make sure you :) or :D today!',
  '',
  '   ',
  'ok',
  '!!! ??? ...',
];

describe('vaderScores', () => {
  it('scores exactly as the vader-sentiment package on support texts and 5,000 generated ones', () => {
    const texts = [...SUPPORT_TEXTS, ...randomTexts(5000)];
    const mismatches = texts
      .map((text) => ({ text, ours: vaderScores(text), theirs: SentimentIntensityAnalyzer.polarity_scores(text) }))
      .filter(({ ours, theirs }) => ours.compound !== theirs.compound || ours.pos !== theirs.pos || ours.neg !== theirs.neg || ours.neu !== theirs.neu);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('generated texts are not all neutral: the comparison covers negative, positive and neutral scores', () => {
    const scores = randomTexts(500).map(vaderScores);
    expect(scores.filter((s) => s.compound < -0.05).length).toBeGreaterThan(50);
    expect(scores.filter((s) => s.compound > 0.05).length).toBeGreaterThan(50);
    expect(scores.filter((s) => s.compound === 0).length).toBeGreaterThan(5);
  });

  it('reads punctuation, capitals and negation as VADER does', () => {
    const plain = vaderScores('The service was good');
    expect(vaderScores('The service was good!!!').compound).toBeGreaterThan(plain.compound);
    expect(vaderScores('The service was GOOD').compound).toBeGreaterThan(plain.compound);
    expect(vaderScores('The service was not good').compound).toBeLessThan(0);
  });
});

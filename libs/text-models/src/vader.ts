import { readFileSync } from 'node:fs';

/**
 * VADER (Hutto & Gilbert 2014), scoring exactly as the `vader-sentiment` package (its JS port,
 * Apache-2.0) does, with the lexicon that package ships (`vader_lexicon.txt`). Why our own: the
 * package splits words from punctuation by building every punctuation x word string of the text into
 * a dictionary (34 strings per word) on each call; on unique customer messages that was a third of
 * featurization. Here a token is checked against the 17 punctuation marks by prefix and suffix, which
 * gives the same words (a word stripped of punctuation cannot itself contain punctuation, so each
 * token has at most one stripped form). vader.spec.ts checks identical scores on thousands of texts.
 */
export interface VaderScores {
  neg: number;
  neu: number;
  pos: number;
  compound: number;
}

const B_INCR = 0.293;
const B_DECR = -0.293;
const C_INCR = 0.733;
const N_SCALAR = -0.74;

const REMOVE_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
const PUNCTUATION_MARKS = ['.', '!', '?', ',', ';', ':', '-', "'", '"', '!!', '!!!', '??', '???', '?!?', '!?!', '?!?!', '!?!?'];
const PUNCTUATION_CHARS = new Set(PUNCTUATION_MARKS.join(''));
const WHITESPACE = /\s/;

const NEGATIONS = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt', "ain't", "aren't", "can't", "couldn't",
  "daren't", "didn't", "doesn't", 'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt', 'mustnt', 'neither', "don't",
  "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", 'neednt', "needn't", 'never', 'none', 'nope', 'nor',
  'not', 'nothing', 'nowhere', 'oughtnt', 'shant', 'shouldnt', 'uhuh', 'wasnt', 'werent', "oughtn't", "shan't",
  "shouldn't", 'uh-uh', "wasn't", "weren't", 'without', 'wont', 'wouldnt', "won't", "wouldn't", 'rarely', 'seldom',
  'despite',
]);

const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...[
    'absolutely', 'amazingly', 'awfully', 'completely', 'considerably', 'decidedly', 'deeply', 'effing', 'enormously',
    'entirely', 'especially', 'exceptionally', 'extremely', 'fabulously', 'flipping', 'flippin', 'fricking', 'frickin',
    'frigging', 'friggin', 'fully', 'fucking', 'greatly', 'hella', 'highly', 'hugely', 'incredibly', 'intensely',
    'majorly', 'more', 'most', 'particularly', 'purely', 'quite', 'really', 'remarkably', 'so', 'substantially',
    'thoroughly', 'totally', 'tremendously', 'uber', 'unbelievably', 'unusually', 'utterly', 'very',
  ].map((word): [string, number] => [word, B_INCR]),
  ...[
    'almost', 'barely', 'hardly', 'just enough', 'kind of', 'kinda', 'kindof', 'kind-of', 'less', 'little', 'marginally',
    'occasionally', 'partly', 'scarcely', 'slightly', 'somewhat', 'sort of', 'sorta', 'sortof', 'sort-of',
  ].map((word): [string, number] => [word, B_DECR]),
]);

const IDIOMS: ReadonlyMap<string, number> = new Map([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['yeah right', -2],
  ['cut the mustard', 2],
  ['kiss of death', -1.5],
  ['hand to mouth', -2],
]);

function loadLexicon(): ReadonlyMap<string, number> {
  const lexicon = new Map<string, number>();
  for (const line of readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && mean !== undefined) lexicon.set(word, Number(mean));
  }
  return lexicon;
}

const LEXICON = loadLexicon();

/** Python's str.isupper as the package implements it: some capital and no lower-case ASCII letter. */
function isUpper(word: string): boolean {
  return /^[^a-z]*[A-Z]+[^a-z]*$/.test(word);
}

function isNegated(word: string): boolean {
  return NEGATIONS.has(word) || word.includes("n't");
}

/** Whitespace-separated tokens longer than one character, with leading or trailing punctuation removed. */
function wordsAndEmoticons(text: string): string[] {
  const tokens = text.split(WHITESPACE).filter((token) => token.length > 1);
  let stripped: Set<string> | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    if (!PUNCTUATION_CHARS.has(token[0] as string) && !PUNCTUATION_CHARS.has(token[token.length - 1] as string)) continue;
    stripped ??= new Set(text.replace(REMOVE_PUNCTUATION, '').split(WHITESPACE).filter((word) => word.length > 1));
    for (const mark of PUNCTUATION_MARKS) {
      if (token.length <= mark.length) continue;
      const after = token.startsWith(mark) ? token.slice(mark.length) : undefined;
      if (after !== undefined && stripped.has(after)) {
        tokens[i] = after;
        break;
      }
      const before = token.endsWith(mark) ? token.slice(0, token.length - mark.length) : undefined;
      if (before !== undefined && stripped.has(before)) {
        tokens[i] = before;
        break;
      }
    }
  }
  return tokens;
}

function boosterScalar(word: string, valence: number, isCapDifferential: boolean): number {
  let scalar = BOOSTERS.get(word.toLowerCase());
  if (scalar === undefined) return 0;
  if (valence < 0) scalar *= -1;
  if (isCapDifferential && isUpper(word)) scalar += valence > 0 ? C_INCR : -C_INCR;
  return scalar;
}

function neverCheck(valence: number, words: readonly string[], startI: number, index: number): number {
  const w = (offset: number): string => words[index - offset] as string;
  if (startI === 0 && isNegated(w(1))) return valence * N_SCALAR;
  if (startI === 1) {
    if (w(2) === 'never' && (w(1) === 'so' || w(1) === 'this')) return valence * 1.5;
    if (isNegated(w(2))) return valence * N_SCALAR;
  }
  if (startI === 2) {
    if ((w(3) === 'never' && (w(2) === 'so' || w(2) === 'this')) || w(1) === 'so' || w(1) === 'this') return valence * 1.25;
    if (isNegated(w(3))) return valence * N_SCALAR;
  }
  return valence;
}

function idiomsCheck(valence: number, words: readonly string[], index: number): number {
  const w = (i: number): string => words[i] as string;
  const oneZero = `${w(index - 1)} ${w(index)}`;
  const twoOneZero = `${w(index - 2)} ${w(index - 1)} ${w(index)}`;
  const twoOne = `${w(index - 2)} ${w(index - 1)}`;
  const threeTwoOne = `${w(index - 3)} ${w(index - 2)} ${w(index - 1)}`;
  const threeTwo = `${w(index - 3)} ${w(index - 2)}`;
  for (const sequence of [oneZero, twoOneZero, twoOne, threeTwoOne, threeTwo]) {
    const idiom = IDIOMS.get(sequence);
    if (idiom !== undefined) {
      valence = idiom;
      break;
    }
  }
  if (words.length - 1 > index) valence = IDIOMS.get(`${w(index)} ${w(index + 1)}`) ?? valence;
  if (words.length - 1 > index + 1) valence = IDIOMS.get(`${w(index)} ${w(index + 1)} ${w(index + 2)}`) ?? valence;
  if (BOOSTERS.has(threeTwo) || BOOSTERS.has(twoOne)) valence += B_DECR;
  return valence;
}

function leastCheck(valence: number, words: readonly string[], index: number): number {
  const previous = index > 0 ? (words[index - 1] as string).toLowerCase() : undefined;
  if (previous !== 'least' || LEXICON.has(previous)) return valence;
  if (index > 1) {
    const beforePrevious = (words[index - 2] as string).toLowerCase();
    return beforePrevious !== 'at' && beforePrevious !== 'very' ? valence * N_SCALAR : valence;
  }
  return valence * N_SCALAR;
}

function sentimentValence(words: readonly string[], index: number, isCapDifferential: boolean): number {
  const item = words[index] as string;
  let valence = LEXICON.get(item.toLowerCase());
  if (valence === undefined) return 0;
  if (isCapDifferential && isUpper(item)) valence += valence > 0 ? C_INCR : -C_INCR;
  for (let startI = 0; startI < 3; startI++) {
    if (index <= startI) continue;
    const preceding = words[index - (startI + 1)] as string;
    if (LEXICON.has(preceding.toLowerCase())) continue;
    let scalar = boosterScalar(preceding, valence, isCapDifferential);
    if (startI === 1 && scalar !== 0) scalar *= 0.95;
    else if (startI === 2 && scalar !== 0) scalar *= 0.9;
    valence = neverCheck(valence + scalar, words, startI, index);
    if (startI === 2) valence = idiomsCheck(valence, words, index);
  }
  return leastCheck(valence, words, index);
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i >= 0; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function punctuationEmphasis(text: string): number {
  const exclamations = Math.min(count(text, '!'), 4) * 0.292;
  const questions = count(text, '?');
  return exclamations + (questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0);
}

function normalize(score: number, alpha = 15): number {
  const normalized = score / Math.sqrt(score * score + alpha);
  return normalized < -1 ? -1 : normalized > 1 ? 1 : normalized;
}

function scoreValence(sentiments: readonly number[], text: string): VaderScores {
  if (sentiments.length === 0) return { neg: 0, neu: 0, pos: 0, compound: 0 };
  let sum = 0;
  for (const sentiment of sentiments) sum += sentiment;
  const emphasis = punctuationEmphasis(text);
  if (sum > 0) sum += emphasis;
  else if (sum < 0) sum -= emphasis;
  const compound = normalize(sum);
  let positive = 0;
  let negative = 0;
  let neutral = 0;
  for (const sentiment of sentiments) {
    if (sentiment > 0) positive += sentiment + 1;
    else if (sentiment < 0) negative += sentiment - 1;
    else neutral += 1;
  }
  if (positive > Math.abs(negative)) positive += emphasis;
  else if (positive < Math.abs(negative)) negative -= emphasis;
  const total = positive + Math.abs(negative) + neutral;
  return {
    neg: parseFloat(Math.abs(negative / total).toFixed(3)),
    neu: parseFloat(Math.abs(neutral / total).toFixed(3)),
    pos: parseFloat(Math.abs(positive / total).toFixed(3)),
    compound: parseFloat(compound.toFixed(4)),
  };
}

/** VADER's polarity scores of a text: compound in [-1, 1], and the shares of positive, negative and neutral. */
export function vaderScores(text: string): VaderScores {
  const words = wordsAndEmoticons(text);
  let upper = 0;
  for (const word of words) if (isUpper(word)) upper++;
  const isCapDifferential = words.length - upper > 0 && words.length - upper < words.length;
  const sentiments: number[] = [];
  for (let i = 0; i < words.length; i++) {
    const item = (words[i] as string).toLowerCase();
    const kindOf = i < words.length - 1 && item === 'kind' && (words[i + 1] as string).toLowerCase() === 'of';
    sentiments.push(kindOf || BOOSTERS.has(item) ? 0 : sentimentValence(words, i, isCapDifferential));
  }
  let butIndex = words.indexOf('but');
  if (butIndex === -1) butIndex = words.indexOf('BUT');
  if (butIndex !== -1) {
    for (let i = 0; i < sentiments.length; i++) {
      if (i < butIndex) sentiments[i] = (sentiments[i] as number) * 0.5;
      else if (i > butIndex) sentiments[i] = (sentiments[i] as number) * 1.5;
    }
  }
  return scoreValence(sentiments, text);
}

import { stemWord } from './light-stemmer';
import { SUPPORT_SYNONYM_GROUPS } from './support-synonyms';
import { normalizeText } from './text-normalizer';
import { tokenize } from './text-tokenizer';

export interface KnowledgeBaseArticle {
  id: string;
  title: string;
  /** Example questions this article answers: the strongest signal for paraphrases. */
  questions?: readonly string[];
  body?: string;
}

export interface KnowledgeBaseMatch {
  articleId: string;
  /** Cosine similarity of TF-IDF vectors, in [0, 1]. */
  score: number;
  /** Probability that this is the right article, from a logistic on score and margin to the runner-up. */
  confidence: number;
}

/** confidence = sigmoid(scoreWeight * score + marginWeight * margin + bias). */
export interface MatchCalibration {
  scoreWeight: number;
  marginWeight: number;
  bias: number;
}

export const DEFAULT_MATCH_CALIBRATION: MatchCalibration = { scoreWeight: 9, marginWeight: 5, bias: -3.6 };

const STOPWORDS = new Set(
  'a an the i me my we our you your it its is are was were be been am do does did to of in on at for from by with and or so this that there these those what which how can could would should will please hi hello hey im ive id just get got have has had any some about can\'t'.split(' '),
);
const BODY_WEIGHT = 0.8;
const CHAR_WEIGHT = 0.6;

interface IndexedEntry {
  articleId: string;
  weight: number;
  terms: Map<string, number>;
}

/** Term -> the entries containing it with the term's TF-IDF weight there, and each entry's vector norm. */
interface InvertedIndex {
  postings: Map<string, { entry: IndexedEntry; weight: number }[]>;
  norms: Map<IndexedEntry, number>;
}

function buildSynonymIndex(): Map<string, string> {
  const index = new Map<string, string>();
  for (const group of SUPPORT_SYNONYM_GROUPS) {
    const canonical = `syn:${stemWord(group[0] as string)}`;
    for (const phrase of group) {
      const key = phrase.split(' ').map(stemWord).join(' ');
      if (!index.has(key)) index.set(key, canonical);
    }
  }
  return index;
}

const SYNONYMS = buildSynonymIndex();
const MAX_PHRASE = Math.max(...[...SYNONYMS.keys()].map((k) => k.split(' ').length));

/** Word stems with synonym phrases folded to one canonical term, stopwords dropped. */
export function matchingTerms(text: string): string[] {
  const words = tokenize(normalizeText(text, { lowercase: true, placeholders: true, squashRepeats: true }))
    .filter((t) => t.kind === 'word')
    .map((t) => stemWord(t.text));
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let matched = false;
    for (let n = Math.min(MAX_PHRASE, words.length - i); n >= 1; n--) {
      const canonical = SYNONYMS.get(words.slice(i, i + n).join(' '));
      if (canonical) {
        out.push(canonical);
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      const word = words[i] as string;
      if (!STOPWORDS.has(word)) out.push(word);
      i++;
    }
  }
  return out;
}

function termCounts(text: string): Map<string, number> {
  const terms = matchingTerms(text);
  const counts = new Map<string, number>();
  const add = (term: string): void => void counts.set(term, (counts.get(term) ?? 0) + 1);
  terms.forEach((term, i) => {
    add(`w:${term}`);
    if (i > 0) add(`b:${terms[i - 1]} ${term}`);
    if (!term.startsWith('syn:')) {
      const padded = ` ${term} `;
      for (let n = 3; n <= 5; n++) for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`);
    }
  });
  return counts;
}

/**
 * Finds the knowledge-base article a customer message asks about, robust to paraphrase: TF-IDF cosine over
 * stems, synonym-folded words, bigrams and char 3-5-grams (typos). Articles can be added and removed at any time.
 */
export class KnowledgeBaseMatcher {
  private readonly entries = new Map<string, IndexedEntry[]>();
  private readonly documentFrequency = new Map<string, number>();
  private entryCount = 0;
  /** Built on the first match after a change: idf, and so every weight, depends on all entries. */
  private inverted: InvertedIndex | undefined;
  private calibration: MatchCalibration = DEFAULT_MATCH_CALIBRATION;

  get size(): number {
    return this.entries.size;
  }

  add(article: KnowledgeBaseArticle): void {
    if (this.entries.has(article.id)) this.remove(article.id);
    const texts: [string, number][] = [[article.title, 1], ...(article.questions ?? []).map((q): [string, number] => [q, 1])];
    if (article.body) texts.push([article.body, BODY_WEIGHT]);
    const indexed = texts
      .map(([text, weight]) => ({ articleId: article.id, weight, terms: termCounts(text) }))
      .filter((e) => e.terms.size > 0);
    for (const entry of indexed) for (const term of entry.terms.keys()) this.documentFrequency.set(term, (this.documentFrequency.get(term) ?? 0) + 1);
    this.entryCount += indexed.length;
    this.entries.set(article.id, indexed);
    this.inverted = undefined;
  }

  remove(articleId: string): boolean {
    const indexed = this.entries.get(articleId);
    if (!indexed) return false;
    for (const entry of indexed) {
      for (const term of entry.terms.keys()) {
        const df = (this.documentFrequency.get(term) ?? 1) - 1;
        if (df <= 0) this.documentFrequency.delete(term);
        else this.documentFrequency.set(term, df);
      }
    }
    this.entryCount -= indexed.length;
    this.entries.delete(articleId);
    this.inverted = undefined;
    return true;
  }

  setCalibration(calibration: MatchCalibration): void {
    this.calibration = calibration;
  }

  /**
   * Best articles first; an empty list when nothing shares a term with the query. Walks only the
   * postings of the query's terms, so the cost grows with the query and the matches, not the index.
   */
  match(query: string, topK = 3): KnowledgeBaseMatch[] {
    const queryWeights = this.weigh(termCounts(query));
    let squares = 0;
    for (const weight of queryWeights.values()) squares += weight * weight;
    const queryNorm = Math.sqrt(squares);
    if (queryNorm === 0) return [];
    const index = (this.inverted ??= this.buildInvertedIndex());
    const dots = new Map<IndexedEntry, number>();
    for (const [term, queryWeight] of queryWeights) {
      const postings = index.postings.get(term);
      if (postings === undefined) continue;
      for (const { entry, weight } of postings) dots.set(entry, (dots.get(entry) ?? 0) + queryWeight * weight);
    }
    const best = new Map<string, number>();
    // Every weight is positive (idf >= 1), so each entry reached here shares a term with the query: dot > 0.
    for (const [entry, dot] of dots) {
      const score = (entry.weight * dot) / (queryNorm * (index.norms.get(entry) as number));
      if (score > (best.get(entry.articleId) ?? 0)) best.set(entry.articleId, score);
    }
    const ranked = [...best.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return ranked.slice(0, topK).map(([articleId, score], i) => {
      const runnerUp = i === 0 ? (ranked[1]?.[1] ?? 0) : (ranked[0]?.[1] ?? 0);
      return { articleId, score: Math.min(1, score), confidence: this.confidence(score, score - runnerUp) };
    });
  }

  /**
   * Fits the confidence calibration (Platt scaling on score and margin) to labelled queries:
   * `articleId: null` means no article answers it. Returns the fitted calibration, which is also applied.
   */
  calibrate(examples: readonly { query: string; articleId: string | null }[], iterations = 2000): MatchCalibration {
    const points = examples.map(({ query, articleId }) => {
      const [top, second] = this.match(query, 2);
      return { score: top?.score ?? 0, margin: (top?.score ?? 0) - (second?.score ?? 0), correct: top !== undefined && top.articleId === articleId ? 1 : 0 };
    });
    let { scoreWeight: a, marginWeight: b, bias: c } = this.calibration;
    const rate = 0.5;
    for (let it = 0; it < iterations; it++) {
      let ga = 0;
      let gb = 0;
      let gc = 0;
      for (const p of points) {
        const err = sigmoid(a * p.score + b * p.margin + c) - p.correct;
        ga += err * p.score;
        gb += err * p.margin;
        gc += err;
      }
      const n = Math.max(1, points.length);
      a -= (rate * (ga / n + 1e-3 * a));
      b -= (rate * (gb / n + 1e-3 * b));
      c -= rate * (gc / n);
    }
    this.calibration = { scoreWeight: a, marginWeight: b, bias: c };
    return this.calibration;
  }

  private confidence(score: number, margin: number): number {
    const { scoreWeight, marginWeight, bias } = this.calibration;
    return sigmoid(scoreWeight * score + marginWeight * margin + bias);
  }

  private idf(term: string): number {
    return Math.log((this.entryCount + 1) / ((this.documentFrequency.get(term) ?? 0) + 1)) + 1;
  }

  private termWeight(term: string, count: number): number {
    return (1 + Math.log(count)) * this.idf(term) * (term.startsWith('c:') ? CHAR_WEIGHT : 1);
  }

  private weigh(counts: Map<string, number>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [term, count] of counts) out.set(term, this.termWeight(term, count));
    return out;
  }

  private buildInvertedIndex(): InvertedIndex {
    const postings = new Map<string, { entry: IndexedEntry; weight: number }[]>();
    const norms = new Map<IndexedEntry, number>();
    for (const indexed of this.entries.values()) {
      for (const entry of indexed) {
        let squares = 0;
        for (const [term, count] of entry.terms) {
          const weight = this.termWeight(term, count);
          squares += weight * weight;
          let list = postings.get(term);
          if (list === undefined) postings.set(term, (list = []));
          list.push({ entry, weight });
        }
        norms.set(entry, Math.sqrt(squares));
      }
    }
    return { postings, norms };
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

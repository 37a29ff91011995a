export type TokenKind = 'word' | 'placeholder' | 'emoji' | 'emphasis' | 'break';

export interface TextToken {
  text: string;
  kind: TokenKind;
}

// Emoticons before words so ":)" and ":-(" survive; "!" and "?" carry sentiment and intent.
const TOKEN =
  /(<(?:url|email|phone|num|user)>)|([:;=8][-'^]?[)(\][dpo/\\|*3]|<3|\^_?\^)|(\p{Extended_Pictographic})|([\p{L}\p{M}\p{N}]+(?:['_][\p{L}\p{M}\p{N}]+)*)|([!?]+)|([.,;:]+)/giu;

export function tokenize(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[1]) tokens.push({ text: m[1], kind: 'placeholder' });
    else if (m[2] || m[3]) tokens.push({ text: (m[2] ?? m[3]) as string, kind: 'emoji' });
    else if (m[4]) tokens.push({ text: m[4], kind: 'word' });
    else if (m[5]) tokens.push({ text: m[5].length > 1 ? m[5].slice(0, 2) : m[5], kind: 'emphasis' });
    else if (m[6]) tokens.push({ text: m[6][0] as string, kind: 'break' });
  }
  return tokens;
}

const NEGATORS = new Set([
  'not', 'no', 'never', 'nothing', 'nobody', 'none', 'nowhere', 'neither', 'nor', 'without', 'hardly', 'barely',
  'cannot', 'cant', 'dont', 'doesnt', 'didnt', 'isnt', 'arent', 'wasnt', 'werent', 'wont', 'wouldnt', 'shouldnt',
  'couldnt', 'havent', 'hasnt', 'hadnt', 'aint',
]);
const CLAUSE_BREAKERS = new Set(['but', 'however', 'although', 'though', 'yet']);

export function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't") || NEGATORS.has(word.replace(/'/g, ''));
}

/**
 * Marks the words that follow a negator ("not good" -> "not", "neg_good") up to `scope` words or the next
 * clause break, so "not good" and "good" become different features.
 */
export function markNegation(tokens: readonly TextToken[], scope: number): TextToken[] {
  let remaining = 0;
  return tokens.map((token) => {
    if (token.kind === 'break' || token.kind === 'emphasis' || CLAUSE_BREAKERS.has(token.text)) {
      remaining = 0;
      return token;
    }
    if (token.kind !== 'word') return token;
    if (isNegator(token.text)) {
      remaining = scope;
      return token;
    }
    if (remaining > 0) {
      remaining--;
      return { text: `neg_${token.text}`, kind: 'word' };
    }
    return token;
  });
}

import { type SeededRandom } from '@verticals/text-models';

/**
 * Real-world surface forms that the clean templates lack: tweets (@mentions, #hashtags, URLs, emojis), chat
 * slang and abbreviations, and review framing. Tone-carrying pieces are chosen per label so they teach the
 * right association; neutral pieces (mentions, URLs, generic hashtags) appear in every class so they do not.
 */
export type Tone = 'negative' | 'neutral' | 'positive';

const HANDLES = ['@ShopCo', '@FastShip', '@AcmeSupport', '@TelcoCare', '@AirlineHelp', '@BankCoHelp', '@StreamNow', '@PizzaHub', '@HomeGoodsUK', '@TechStore', '@user', '@RailUK', '@GadgetHQ', '@CafeLuna'];
const URLS = ['https://t.co/a8Xk2', 'http://bit.ly/3xYz9', 'https://t.co/Qm01', 'www.example.com/help', 'https://shop.example.com/o/123', 'pic.twitter.com/ab12'];
const HASHTAGS: Record<Tone, readonly string[]> = {
  negative: ['#fail', '#neveragain', '#NotHappy', '#badservice', '#ripoff', '#disappointed', '#WorstService', '#smh', '#annoyed', '#CustomerServiceFail'],
  positive: ['#happy', '#love', '#HappyCustomer', '#grateful', '#blessed', '#winning', '#recommend', '#greatservice', '#thankyou', '#ThankYou'],
  neutral: ['#help', '#question', '#delivery', '#shopping', '#tech', '#travel', '#monday', '#news', '#update', '#AskingForAFriend'],
};
const EMOJIS: Record<Tone, readonly string[]> = {
  negative: ['😡', '😤', '🙄', '😒', '😞', '😢', '😭', '👎', '🤬', '😩', '😑', '💔', ':(', '-_-'],
  positive: ['😊', '😍', '🙌', '👏', '❤️', '🔥', '💯', '😁', '🥰', '✨', '👍', '🙏', ':)', '<3'],
  neutral: ['🤔', '👀', '📦', '🙂', '✈️', '📱', ''],
};
const TAGS: Record<Tone, readonly string[]> = {
  negative: ['smh', 'ugh', 'wtf', 'seriously', 'unreal', 'ffs', 'jeez', 'come on', 'not ok', 'fml'],
  positive: ['tbh', 'lol', 'haha', 'yay', 'woohoo', 'honestly', 'ngl', 'so good', 'yesss', 'love it'],
  neutral: ['thx', 'lol', 'tbh', 'fyi', 'btw', 'just wondering', 'cheers', 'asap', ''],
};
const SLANG: readonly [RegExp, string][] = [
  [/\byou\b/gi, 'u'], [/\byour\b/gi, 'ur'], [/\bplease\b/gi, 'pls'], [/\bthanks\b/gi, 'thx'], [/\bbecause\b/gi, 'cuz'],
  [/\bare\b/gi, 'r'], [/\breally\b/gi, 'rly'], [/\bpeople\b/gi, 'ppl'], [/\bto be honest\b/gi, 'tbh'], [/\bI don't know\b/gi, 'idk'],
  [/\bwant to\b/gi, 'wanna'], [/\bgoing to\b/gi, 'gonna'], [/\bthough\b/gi, 'tho'], [/\btonight\b/gi, '2nite'], [/\bsomeone\b/gi, 'some1'],
];

export function slangify(text: string, rng: SeededRandom): string {
  let out = text;
  for (const [pattern, replacement] of SLANG) if (rng.next() < 0.5) out = out.replace(pattern, replacement);
  return out;
}

function elongate(text: string, rng: SeededRandom): string {
  const words = text.split(' ');
  const i = rng.int(words.length);
  const word = words[i] as string;
  if (/^[a-z]{3,}$/i.test(word)) words[i] = word + (word.at(-1) as string).repeat(2 + rng.int(4));
  return words.join(' ');
}

/** Wraps a message as a tweet or chat line; `tone` picks hashtags, emojis and interjections. */
export function socialize(text: string, tone: Tone, rng: SeededRandom): string {
  let out = rng.next() < 0.5 ? slangify(text, rng) : text;
  if (rng.next() < 0.15) out = elongate(out, rng);
  if (rng.next() < 0.5) out = `${rng.pick(HANDLES)} ${out}`;
  if (rng.next() < 0.3) out = `${out} ${rng.pick(TAGS[tone])}`;
  if (rng.next() < 0.45) out = `${out} ${rng.pick(EMOJIS[tone])}${rng.next() < 0.3 ? rng.pick(EMOJIS[tone]) : ''}`;
  const tagRoll = rng.next();
  if (tagRoll < 0.25) out = `${out} ${rng.pick(HASHTAGS[tone])}`;
  else if (tagRoll < 0.35) out = `${out} ${rng.pick(HASHTAGS.neutral)}`;
  if (rng.next() < 0.15) out = `${out} ${rng.pick(URLS)}`;
  if (rng.next() < 0.1) out = out.replace(/[.!?]*$/, rng.pick(['!!', '!!!', '??', '?!', '...', '…']));
  return out.replace(/\s+/g, ' ').trim();
}

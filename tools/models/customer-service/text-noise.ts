import { type SeededRandom } from '@verticals/text-models';

const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  a: 'qs', e: 'wr', i: 'uo', o: 'ip', u: 'yi', s: 'ad', t: 'ry', n: 'bm', r: 'et', d: 'sf', l: 'k', c: 'xv', m: 'n', h: 'gj', g: 'fh',
};

/** A realistic typo: a dropped, doubled, swapped or neighbouring letter in one word. */
export function addTypo(text: string, rng: SeededRandom): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^[a-z]{4,}$/i.test(w));
  if (candidates.length === 0) return text;
  const [word, at] = rng.pick(candidates);
  const i = 1 + rng.int(word.length - 2);
  const kind = rng.int(4);
  let typo = word;
  if (kind === 0) typo = word.slice(0, i) + word.slice(i + 1);
  else if (kind === 1) typo = word.slice(0, i) + (word[i] as string) + word.slice(i);
  else if (kind === 2) typo = word.slice(0, i - 1) + (word[i] as string) + (word[i - 1] as string) + word.slice(i + 1);
  else {
    const near = KEYBOARD_NEIGHBOURS[(word[i] as string).toLowerCase()];
    if (near) typo = word.slice(0, i) + (near[rng.int(near.length)] as string) + word.slice(i + 1);
  }
  words[at] = typo;
  return words.join(' ');
}

/** Casing, punctuation and typo variation as seen in chat and e-mail. */
export function roughen(text: string, rng: SeededRandom, typoRate = 0.3): string {
  let out = text;
  if (rng.next() < typoRate) out = addTypo(out, rng);
  if (rng.next() < 0.1) out = addTypo(out, rng);
  const casing = rng.next();
  if (casing < 0.35) out = out.toLowerCase();
  else if (casing < 0.4) out = out.toUpperCase();
  else out = out.charAt(0).toUpperCase() + out.slice(1);
  const end = rng.next();
  if (end < 0.3) out = out.replace(/[.!?]+$/, '');
  return out.replace(/\s+/g, ' ').trim();
}

/** Fills {slot} placeholders from the slot table; unknown slots are left as written. */
export function fillTemplate(template: string, slots: Record<string, readonly string[]>, rng: SeededRandom): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const options = slots[name];
    return options ? fillTemplate(rng.pick(options), slots, rng) : whole;
  });
}

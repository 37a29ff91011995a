export interface NormalizationConfig {
  lowercase: boolean;
  /** Replace URLs, e-mails, phone numbers and numbers with <url>, <email>, <phone>, <num>. */
  placeholders: boolean;
  /** Cap runs of one repeated letter at two ("soooo" -> "soo"). */
  squashRepeats: boolean;
  /** Featurizer version >= 2: `@name` -> `<user>` (with placeholders), `#CamelCase` hashtags split into words. */
  social?: boolean;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
const PHONE = /(?<![\p{L}\p{N}])\+?\d[\d ().-]{7,}\d(?![\p{L}\p{N}])/gu;
const MENTION = /(?<![\p{L}\p{N}._%+-])@[\p{L}\p{N}_]+/gu;
const HASHTAG = /#([\p{L}][\p{L}\p{N}_]*)/gu;
const NUMBER = /#?\d+(?:[.,:/-]\d+)*/gu;

/** Unicode NFKC, typographic quotes folded, optional lowercase, placeholders and repeat squashing. */
export function normalizeText(text: string, config: NormalizationConfig): string {
  let out = text.normalize('NFKC').replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'").replace(/[\u201c\u201d]/g, '"');
  if (config.placeholders) {
    out = out.replace(EMAIL, ' <email> ').replace(URL, ' <url> ').replace(PHONE, ' <phone> ').replace(NUMBER, ' <num> ');
    if (config.social) out = out.replace(MENTION, ' <user> ');
  }
  if (config.social) out = out.replace(HASHTAG, (_, tag: string) => ` ${splitCamelCase(tag)} `);
  if (config.lowercase) out = out.toLowerCase();
  if (config.squashRepeats) out = out.replace(/(\p{L})\1{2,}/gu, '$1$1').replace(/([!?.])\1{2,}/g, '$1$1');
  return out.replace(/\s+/g, ' ').trim();
}

function splitCamelCase(tag: string): string {
  return tag.replace(/_/g, ' ').replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
}

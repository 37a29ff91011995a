import afinnLabels from 'sentiment/languages/en/labels.json';
import { type LabelledText, type SeededRandom } from '@verticals/text-models';
import { socialize } from './social-style';
import { fillTemplate, roughen } from './text-noise';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;

const SLOTS: Record<string, readonly string[]> = {
  product: ['order', 'package', 'parcel', 'phone', 'laptop', 'headphones', 'jacket', 'shoes', 'charger', 'app', 'subscription', 'coffee machine', 'vacuum', 'mattress', 'sofa', 'dress', 'tv', 'printer', 'watch', 'camera', 'blender', 'router', 'game', 'book', 'account', 'website', 'update', 'food', 'room', 'flight', 'hotel', 'service', 'product', 'item', 'delivery', 'meal', 'car', 'software', 'card', 'plan'],
  who: ['your agent', 'the support team', 'customer service', 'the driver', 'the courier', 'the staff', 'your rep', 'the chat agent', 'the manager', 'the technician', 'the waiter', 'the guy on the phone', 'Sarah from support', 'your team'],
  time: ['two weeks', '10 days', 'a month', 'three days', 'hours', 'over an hour', 'since Monday', '45 minutes', 'all week', 'forever'],
  intens: ['really', 'very', 'so', 'extremely', 'super', 'totally', 'absolutely', 'incredibly', 'pretty', 'quite', 'way too', ''],
  negAdj: ['terrible', 'awful', 'horrible', 'useless', 'disappointing', 'broken', 'rude', 'slow', 'unacceptable', 'pathetic', 'frustrating', 'annoying', 'bad', 'poor', 'worst', 'disgusting', 'cheap', 'faulty', 'damaged', 'ridiculous', 'unhelpful', 'a joke', 'a scam', 'a nightmare', 'a waste of money', 'garbage', 'trash', 'overpriced', 'dirty', 'late', 'defective', 'misleading', 'shoddy', 'flimsy', 'laggy', 'buggy', 'noisy', 'uncomfortable', 'confusing', 'incompetent'],
  posAdj: ['great', 'excellent', 'amazing', 'awesome', 'fantastic', 'perfect', 'wonderful', 'helpful', 'fast', 'friendly', 'brilliant', 'superb', 'lovely', 'good', 'nice', 'outstanding', 'impressive', 'reliable', 'comfortable', 'easy to use', 'worth every penny', 'spot on', 'top notch', 'beautiful', 'solid', 'quick', 'smooth', 'polite', 'professional', 'delicious', 'clean', 'a lifesaver', 'the best', 'flawless', 'well made', 'sturdy', 'stylish', 'cute', 'fun', 'efficient'],
  negVerb: ['hate', 'regret buying', "can't stand", 'am sick of', 'am fed up with', 'am done with', 'am disappointed with', 'am angry about', 'am furious about', 'despise', 'am so over', 'am tired of'],
  posVerb: ['love', 'really like', 'adore', 'am happy with', 'am impressed with', 'enjoy', 'am thrilled with', 'appreciate', 'am delighted with', 'am satisfied with', 'recommend'],
  negEmoji: ['😡', '😠', '😤', '😞', '😢', '😭', '👎', '🙄', ':(', ':-(', '>:(', '😩', '🤬', '💩', ''],
  posEmoji: ['😊', '😀', '😍', '👍', '🙌', '❤️', '🥰', ':)', ':-)', ':D', '🎉', '👏', '💯', '😁', '✨', ''],
  neutEmoji: ['', '', '', '🙂', '📦', '🤔', '👀'],
  day: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'yesterday', 'last week', 'the 3rd', 'March 12', 'this morning'],
  num: ['#45821', '10293', 'A-7732', '553019', 'ORD-88812', '#1002', '7781-22'],
  place: ['the store', 'the office', 'home', 'London', 'the airport', 'the mall', 'work', 'the gym', 'Chicago', 'the beach'],
  topic: ['the game', 'the weather', 'the news', 'the meeting', 'the new season', 'the election', 'the concert', 'the match', 'traffic', 'the conference'],
  brand: ['Apple', 'Samsung', 'Netflix', 'Spotify', 'Amazon', 'Tesla', 'Nike', 'the airline', 'the bank', 'Google', 'Sony', 'the council'],
  thing: ['the new iPhone', 'season 3', 'the album', 'the update', 'the sale', 'the new store', 'the match', 'the trailer', 'the keynote', 'the festival', 'the new menu', 'the film'],
  negEvent: ['my flight got delayed again', 'my parcel is lost', 'the app crashed mid-payment', 'I got charged twice', 'the wifi died', 'my order got cancelled', 'another 2 hours on hold', 'the replacement is broken too', 'the train is late again', 'they lost my booking'],
  color: ['black', 'white', 'blue', 'red', 'grey', 'green', 'silver'],
};

const NEGATIVE = [
  'my {product} is {intens} {negAdj} {negEmoji}',
  'the {product} arrived {negAdj} and nobody answers my emails',
  '{who} was {intens} {negAdj}',
  'I {negVerb} this {product} {negEmoji}',
  'still waiting for my {product} after {time}. {negAdj} service',
  "I've been on hold for {time}, this is {negAdj}",
  'worst {product} I have ever bought',
  'the {product} stopped working after {time}',
  'never ordering from you again',
  "I'm {intens} disappointed with the {product}",
  'what a {negAdj} experience {negEmoji}',
  'the {product} is not {posAdj} at all',
  'not {posAdj}, not happy',
  "it doesn't work and {who} couldn't help",
  'I want my money back, the {product} is {negAdj}',
  'you charged me twice and nobody cares',
  'this is the third time I contact you and still no answer',
  'absolutely {negAdj}. avoid',
  'do not buy this {product}, it broke in {time}',
  'the {product} looks nothing like the pictures',
  'the {product} was {negAdj} and {who} was {negAdj}',
  'the {product} is {posAdj} but the delivery was {negAdj}',
  'I used to love this {product} but now it is {negAdj}',
  'zero stars if I could',
  '1 star. {negAdj}',
  'terrible terrible terrible',
  "your app keeps crashing and I can't log in {negEmoji}",
  'so frustrated right now, my {product} never arrived',
  'nobody from {who} bothered to call me back',
  'the {product} smells weird and the quality is {negAdj}',
  'waste of time and money',
  'I feel cheated',
  "this is a scam, I'm reporting you",
  'the {product} is missing parts and the manual is {negAdj}',
  'delivery was late again, {intens} annoying',
  'ugh, another delay {negEmoji}',
  'hate hate hate this update',
  "I'm cancelling my {product}, enough is enough",
  'I am not satisfied with the service',
  'not worth the money',
  "not impressed. the {product} doesn't do what it says",
  'the {product} is useless and {who} just ignored me',
  'can\'t believe how {negAdj} this is',
  'the food was cold and the waiter was rude',
  'the room was dirty and smelled awful',
  'my flight got cancelled and nobody helped',
  'so sad the {product} broke already {negEmoji}',
  'wow, {time} and still nothing. thanks for nothing',
  'great, another broken {product}. just great',
  'totally ruined my day',
  'I regret this purchase',
  'the support is a joke',
  'stop sending me spam',
  'I have a problem with my {product}, it is {negAdj}',
  'worried my {product} got lost, nobody is answering',
  'this made me so angry',
  'sick of waiting',
  'it is broken',
  'very poor quality',
  'bad experience overall',
  'it failed after one use',
  'I am upset that nobody told me about the fees',
  'the price went up and the service got worse',
  'why is this so hard?? {negEmoji}',
  'feeling let down by {who}',
];

const POSITIVE = [
  'thank you so much, {who} was {intens} {posAdj} {posEmoji}',
  'I {posVerb} my new {product}! {posEmoji}',
  'the {product} is {intens} {posAdj}',
  'arrived early and works {posAdj}',
  'great service, thanks!',
  'problem solved, thanks {who} {posEmoji}',
  'best {product} I have ever owned',
  'super happy with my purchase',
  "I'm {intens} impressed with the {product}",
  'what a {posAdj} experience {posEmoji}',
  'the {product} is not {negAdj} at all, I really like it',
  'not bad at all, {intens} {posAdj}',
  'no complaints, the {product} is {posAdj}',
  'highly recommend this {product}',
  'five stars, {posAdj} {product}',
  '5/5 would buy again',
  '{who} went above and beyond, thank you',
  'quick delivery and {posAdj} packaging',
  'the refund came through quickly, thanks a lot',
  'thanks for sorting this out so fast {posEmoji}',
  'love it {posEmoji}',
  'exactly what I needed',
  'this {product} changed my life',
  'my {product} works perfectly now, thanks for the help',
  'I was worried but {who} fixed it in minutes. {posAdj}',
  'the {product} was a bit late but {who} was {posAdj}',
  'so glad I found you guys',
  'really happy with the {color} {product}',
  'easy setup and {posAdj} quality',
  'the {product} exceeded my expectations',
  'you guys are the best {posEmoji}',
  'appreciate the quick reply',
  'awesome, that worked!',
  'perfect, thank you!',
  'the food was delicious and the staff were lovely',
  'great stay, the room was clean and comfortable',
  'smooth flight and friendly crew',
  'finally a company that cares about its customers',
  'totally worth it',
  'it works like a charm',
  'I am very satisfied with the service',
  'good value for money',
  'loving the new update {posEmoji}',
  'brilliant app, so easy to use',
  'had a {posAdj} time at {place}',
  'such a nice surprise, thank you!',
  'happy customer here {posEmoji}',
  'thanks, you made my day',
  'everything was {posAdj}',
  'fast, friendly and helpful',
  'glad it is fixed now, cheers',
  'yay, my {product} finally arrived {posEmoji}',
  'can\'t wait to use it again, {posAdj}',
  'I would definitely order again',
  'the quality is {intens} {posAdj}',
];

/** Expectation and contrast turns, praise idioms and complaints without lexicon words: common in real reviews. */
const TURNS: Record<'negative' | 'positive', readonly string[]> = {
  positive: [
    'was skeptical but the {product} is {posAdj}', "didn't expect much for the price but this {product} is {posAdj}", 'they have never let me down',
    "can't stop using my new {product}", 'shoutout to {who} for sorting it so fast', 'props to {who}', 'the {product} is 🔥', 'legit the best {product} ever',
    "not gonna lie, the {product} is {posAdj}", 'no complaints at all', "couldn't be happier", 'the {product} is a beast', 'fixed in 10 minutes, top service',
    "honestly can't fault it", 'nothing bad to say about {who}', 'it just works', 'took a chance on this {product} and no regrets',
  ],
  negative: [
    'I wanted to like this {product} but it keeps failing', "what's the point of tracking if it never updates", 'the {product} is basically unusable now',
    'they promised a callback in 24h. that was {day}', 'so they charge a fee for paying online. really?', 'explaining my issue for the 5th time',
    'used to be good, not anymore', 'the update made everything slower', 'expected more for the price', 'had high hopes but the {product} died in {time}',
    'still no reply after {time}', 'paid for express delivery and it took {time}', 'why does this keep happening', 'the {product} overheats and shuts off',
    "I'm not paying for something that doesn't work", 'half the features do not work', 'not what I ordered',
  ],
};

const SARCASM = [
  'oh great, {negEvent}. just what I needed', 'love how {negEvent} 🙃', 'wow {negEvent}, amazing service as always', 'so glad I paid extra for this',
  'thanks for nothing {who}', 'fantastic, {negEvent}. well done', 'nice, {negEvent} again. thanks a lot', 'yeah because waiting {time} is totally normal',
  'brilliant job guys, {negEvent}', 'can always count on you to ruin my day', 'cool cool cool, {negEvent}', 'just perfect. {negEvent}',
];

const REVIEW_SENTENCES: Record<'negative' | 'neutral' | 'positive', readonly string[]> = {
  negative: [
    'The {product} stopped working after {time}.', 'Customer service was {negAdj} and never replied.', 'Would not recommend.', 'Save your money.',
    'The quality is {intens} {negAdj} for the price.', 'It arrived damaged and the box was crushed.', 'Returned it the next day.', 'Very disappointed overall.',
    'The battery barely lasts a few hours.', 'The instructions were useless.', 'It feels cheap and flimsy.', 'Took {time} to arrive and half of it was missing.',
    'Sizes run small and the fabric is rough.', 'Nothing like the photos.', 'Two stars because the delivery was on time, otherwise awful.', 'I expected much better from this brand.',
    'The app keeps disconnecting.', 'Loud, slow and hard to clean.', 'Never buying from here again.', 'The staff seemed annoyed that we were there.',
  ],
  positive: [
    'The {product} works perfectly.', 'Customer service was {posAdj} and sorted it in minutes.', 'Highly recommend.', 'Worth every penny.',
    'The quality is {intens} {posAdj} for the price.', 'It arrived early and well packed.', 'Already ordered a second one.', 'Very happy overall.',
    'The battery lasts all day.', 'Setup took two minutes.', 'Feels solid and well made.', 'Fits perfectly and looks great.',
    'Exactly like the photos.', 'Five stars, no complaints.', 'Exceeded my expectations.', 'The staff were lovely and attentive.',
    'My kids love it.', 'Quiet, fast and easy to clean.', 'Will definitely buy from here again.', 'Best {product} I have owned.',
  ],
  neutral: [
    'I bought it {day}.', 'It came in a {color} box.', 'I use it mostly at {place}.', 'It replaced my old {product}.', 'Delivery took {time}.',
    'I ordered the {color} one.', 'It has two settings.', 'The {product} is about 30cm tall.', 'It was a gift for my brother.', 'I got it on sale.',
  ],
};

const RATING: Record<'negative' | 'positive', readonly string[]> = {
  negative: ['1/5', '2/5', '1 star', '2 stars', '★☆☆☆☆', 'Rating: 1', '0/10', '3/10'],
  positive: ['5/5', '4/5', '5 stars', '10/10', '★★★★★', 'Rating: 5', '9/10', '4.5 stars'],
};

/** A review of 2-4 sentences of the label's tone, sometimes with a neutral fact or a rating. */
function review(label: Label, rng: SeededRandom): string {
  const parts: string[] = [];
  const count = 2 + rng.int(3);
  for (let i = 0; i < count; i++) parts.push(label === 'neutral' || rng.next() < 0.2 ? rng.pick(REVIEW_SENTENCES.neutral) : rng.pick(REVIEW_SENTENCES[label]));
  if (label !== 'neutral' && rng.next() < 0.3) parts.push(rng.pick(RATING[label]));
  if (label === 'neutral') parts.push(rng.pick(['Have not used it much yet.', 'Will update after a few weeks.', 'Does what it says.', 'Can you tell me if it fits the {product}?', '']));
  return parts.join(' ');
}

/** Informational statements, announcements and questions: most real tweets and messages carry no sentiment. */
const NEUTRAL_INFO = [
  '{brand} announces {thing} on {day}', '{thing} comes out {day}', 'going to {place} {day} for {thing}', 'anyone watching {topic} tonight?',
  '{brand} will release {thing} next month', 'is {thing} available in the UK yet?', 'just saw the trailer for {thing}', 'who is going to {thing} on {day}?',
  '{thing} starts at 8pm', 'does anyone know if {brand} ships to {place}?', 'the store at {place} closes at 6 on {day}', 'reading the reviews for {thing}',
  'my flight to {place} boards at 10', 'live at {place} {day}', '{brand} is changing its prices from {day}', 'new {product} arrives {day}',
  'what time does {topic} start?', 'is the {product} the same as last year\'s model?', 'I might pick up {thing} on {day}', '{brand} confirmed the date for {thing}',
  'the {product} manual says to charge it for 4 hours first', 'ordered the {product}, it ships from the warehouse {day}', 'how many GB is the {product}?',
  'which is better for travel, the {product} or a tablet?', 'it says the {product} will be restocked {day}', 'my brother works at {brand}',
  'watching {thing} with friends {day}', 'the update installs overnight', 'tickets for {thing} go on sale {day}', 'heading home from {place}',
];

const NEUTRAL = [
  'where is my {product}?',
  'I ordered a {product} on {day}, order number {num}',
  'can you tell me when the {product} will be delivered?',
  'what are your opening hours?',
  'how do I change my delivery address?',
  'do you ship to Canada?',
  'is the {product} available in {color}?',
  'my order number is {num}',
  'I need to update my email address',
  'please send me the invoice for order {num}',
  'can I pay with PayPal?',
  'how long does shipping usually take?',
  'I would like to return the {product}',
  'what is the warranty on the {product}?',
  'is there a size guide?',
  'I received the {product} {day}',
  'can you check the status of {num}?',
  'I have a question about my bill',
  'how do I reset my password?',
  'please cancel my {product}',
  'the {product} comes in {color} and {color}',
  'I am at {place} right now',
  'heading to {place} {day}',
  'watching {topic} tonight',
  'just got home from {place}',
  'the meeting is at 3pm',
  'anyone know what time {topic} starts?',
  'reading about {topic}',
  'I will call back later',
  'ok',
  'ok, I will wait for the email',
  'let me check and get back to you',
  'I sent the photos you asked for',
  'my account email is {num}@example.com',
  'the tracking says in transit',
  'the package is at the depot',
  'do you have a store in {place}?',
  'I want to change my plan to the annual one',
  'can someone call me on 555 0199 2233?',
  'which charger works with the {product}?',
  'what is the difference between the two models?',
  'is the {product} compatible with iPhone?',
  'I am writing about order {num}',
  'I moved to a new address last month',
  'here is the serial number: {num}',
  'the {product} was delivered to my neighbour',
  'what payment methods do you accept?',
  'can I pick it up at {place}?',
  'I have two accounts, can you merge them?',
  'is the sale still on {day}?',
  'when will the {product} be back in stock?',
  '{topic} is on {day}',
  'the store opens at 9am on {day}',
  'new post about {topic}',
  'I bought it {day}',
  'hello, I have a question',
  'do you deliver on weekends?',
  'is there a student discount?',
  'please confirm my address: 12 High Street',
  'I will be away {day}, can you deliver later?',
  'the {product} is {color}',
  'I just updated the app',
  'following up on my earlier message',
  'I called {day} about my {product}',
  'which version should I install?',
  'can you resend the confirmation email?',
];

type Label = (typeof SENTIMENT_LABELS)[number];

function afinnWords(predicate: (score: number) => boolean): string[] {
  return Object.entries(afinnLabels as Record<string, number>)
    .filter(([word, score]) => predicate(score) && /^[a-z]+$/.test(word))
    .map(([word]) => word);
}

/** Lexicon frames teach polarity for words the templates never use (AFINN-165: |score| >= 2). */
const LEXICON_FRAMES: Record<'negative' | 'positive', readonly string[]> = {
  negative: ['so {w}', 'this is {w}', 'feeling {w} {negEmoji}', '{w}. that is all I can say', 'honestly {w}', 'the whole thing was {w}', '{w} {w2}', 'what a {w} day'],
  positive: ['so {w}', 'this is {w}', 'feeling {w} {posEmoji}', '{w}. that is all I can say', 'honestly {w}', 'the whole thing was {w}', '{w} {w2}', 'what a {w} day'],
};

export function generateSentimentCorpus(rng: SeededRandom, perClass: number): LabelledText[] {
  const negWords = afinnWords((s) => s <= -2);
  const posWords = afinnWords((s) => s >= 2);
  const templates: Record<Label, readonly string[]> = { negative: [...NEGATIVE, ...SARCASM, ...TURNS.negative], neutral: [...NEUTRAL, ...NEUTRAL_INFO], positive: [...POSITIVE, ...TURNS.positive] };
  const rows: LabelledText[] = [];
  const seen = new Set<string>();
  for (const label of SENTIMENT_LABELS) {
    let made = 0;
    let attempts = 0;
    while (made < perClass && attempts < perClass * 20) {
      attempts++;
      let text: string;
      const roll = rng.next();
      if (roll < 0.2) {
        text = fillTemplate(review(label, rng), SLOTS, rng);
      } else if (label !== 'neutral' && roll < 0.4) {
        const words = label === 'negative' ? negWords : posWords;
        const frame = rng.pick(LEXICON_FRAMES[label]);
        text = fillTemplate(frame.replace('{w}', rng.pick(words)).replace('{w2}', rng.pick(words)), SLOTS, rng);
      } else {
        text = fillTemplate(rng.pick(templates[label]), SLOTS, rng);
        if (rng.next() < 0.25) text = `${rng.pick(['hi', 'hello', 'hey', 'hi there', 'good morning', 'dear team'])}, ${text}`;
      }
      text = roughen(text, rng);
      if (rng.next() < 0.4) text = socialize(text, label, rng);
      if (seen.has(text)) continue;
      seen.add(text);
      rows.push({ text, label });
      made++;
    }
  }
  return rng.shuffle(rows);
}

import { type LabelledText, type SeededRandom } from '@verticals/text-models';
import { socialize, type Tone } from './social-style';
import { fillTemplate, roughen } from './text-noise';

export const INTENT_LABELS = [
  'order_status', 'shipping', 'returns_refunds', 'billing', 'account_login',
  'product_question', 'complaint', 'human_request', 'greeting_thanks', 'other',
] as const;
type Intent = (typeof INTENT_LABELS)[number];

const SLOTS: Record<string, readonly string[]> = {
  order: ['order', 'package', 'parcel', 'delivery', 'shipment', 'purchase', 'stuff', 'items', 'order {num}', 'package {num}'],
  num: ['#45821', '10293', 'A-7732', '553019', 'ORD-88812', '#1002', '7781-22', '99812'],
  product: ['phone case', 'laptop', 'headphones', 'jacket', 'running shoes', 'charger', 'coffee machine', 'vacuum cleaner', 'mattress', 'dress', 'tv', 'printer', 'smart watch', 'camera', 'blender', 'router', 'backpack', 'desk lamp', 'keyboard', 'sofa'],
  day: ['Monday', 'Tuesday', 'Friday', 'last week', 'two weeks ago', 'yesterday', 'on the 3rd', '10 days ago', 'a month ago'],
  time: ['a week', 'two weeks', '10 days', 'ages', 'forever', 'over a month', '5 days'],
  country: ['Canada', 'the UK', 'Germany', 'Australia', 'Mexico', 'Ireland', 'France', 'Japan', 'Brazil', 'Norway'],
  pay: ['PayPal', 'Apple Pay', 'Google Pay', 'a gift card', 'Klarna', 'bank transfer', 'crypto', 'amex', 'cash on delivery'],
  please: ['', '', 'please', 'pls', 'plz', 'asap', 'thanks', 'thank you', 'thx'],
  hi: ['', '', '', 'hi', 'hello', 'hey', 'hi there', 'good morning', 'hello team', 'dear support'],
  agent: ['a human', 'a real person', 'an agent', 'a manager', 'a supervisor', 'someone', 'a representative', 'customer service', 'an actual person', 'a live agent', 'support staff'],
  feature: ['waterproof', 'wireless', 'dishwasher safe', 'compatible with iPhone', 'compatible with Android', 'available in black', 'in stock', 'machine washable', 'true to size', 'made of real leather', 'covered by warranty', 'suitable for kids', 'vegan', 'refurbished'],
};

const TEMPLATES: Record<Intent, readonly string[]> = {
  order_status: [
    'where is my {order}', 'where is my {order}?? {please}', 'when will my {order} arrive', "my {order} hasn't arrived yet",
    'can you check the status of my {order}', 'what is the status of order {num}', 'I ordered {day} and still nothing',
    'tracking says delivered but I never got my {order}', 'track my {order}', 'any update on my {order}?',
    'has my {order} shipped yet', 'my tracking number is not working', 'order {num} still says processing',
    "it's been {time} and my {order} is still not here", 'is my {order} on the way?', 'when does order {num} get here',
    'the tracking has not updated in {time}', 'did you send my {product} yet', 'still waiting on my {product}',
    'my {product} was supposed to arrive {day}', 'can I get a tracking link for my {order}', 'is order {num} delayed?',
    'estimated delivery for {num}?', 'what happened to my {order}', 'I need to know where my {product} is',
    'my {order} is stuck in transit', 'order status {num}', 'how long until my {product} gets here', 'has order {num} been dispatched',
    'where is the {product} I ordered {day}', "the courier says out for delivery since {day}, where's my parcel",
  ],
  shipping: [
    'do you ship to {country}', 'how much is shipping to {country}', 'how long does delivery take', 'what are the shipping options',
    'do you offer express shipping', 'is shipping free over 50 dollars', 'can I change my delivery address', 'I need to update the shipping address on my {order}',
    'do you deliver on weekends', 'which courier do you use', 'can I pick up in store instead of delivery', 'do you ship internationally',
    'how much is next day delivery', 'can you deliver to a PO box', 'what are the delivery times to {country}', 'are there customs fees for {country}',
    'can I choose a delivery date', 'can the driver leave it with my neighbour', 'can I get it delivered to my work address', 'do you have same day delivery',
    'shipping cost?', 'free shipping?', 'do you ship {product} to {country}', 'can I upgrade to express shipping', 'I will be away, can you hold the delivery',
    'can I send it as a gift to another address', 'what is the cheapest shipping option', 'how are large items like a {product} delivered',
  ],
  returns_refunds: [
    'I want to return my {product}', 'how do I return an item', 'I want a refund', 'can I get my money back', 'where is my refund',
    'how long do refunds take', 'I returned the {product} {day} but no refund yet', 'can I exchange the {product} for a different size',
    'the {product} does not fit, can I send it back', 'what is your return policy', 'do I have to pay for return shipping',
    'I need a return label', 'I received the wrong {product} and want to return it', 'can I return a sale item', 'refund status for {num}',
    'the {product} arrived broken, I want a replacement or refund', 'I changed my mind, can I return it', 'how many days do I have to return',
    'please refund my order {num}', 'I want to cancel my order and get a refund', 'can I swap the {product} for another colour',
    'money back please', 'send back the {product}', 'refund to my original payment method?', 'when will I see the refund on my card',
    "the refund hasn't reached my account", 'I dropped off the return {day}', 'return the {product} I bought {day}',
  ],
  billing: [
    'I was charged twice', 'why was I charged twice for order {num}', 'there is a charge on my card I do not recognise', 'can I get an invoice',
    'I need a VAT invoice for my order', 'can I pay with {pay}', 'my payment was declined', 'how do I update my credit card',
    'why is my bill higher this month', 'cancel my subscription', 'how do I stop the monthly charge', 'I was billed after cancelling',
    'what payment methods do you accept', 'do you accept {pay}', 'can I pay in instalments', 'my card was charged but the order failed',
    'I need a receipt for my purchase', 'the discount code was not applied to my bill', 'you charged me the wrong amount', 'how do I change my billing address',
    'why did my subscription renew', 'what is this fee on my statement', 'can I switch to annual billing', 'promo code not working at checkout',
    'payment failed but money left my account', 'double charge on my card', 'my invoice is wrong', 'how much is the premium plan per month',
  ],
  account_login: [
    "I can't log in", 'I forgot my password', 'how do I reset my password', 'the password reset email never arrives', 'my account is locked',
    "I can't sign in to my account", 'how do I change my email address', 'I want to delete my account', 'login not working', 'the app logs me out all the time',
    'I did not get the verification code', 'two factor code not arriving', 'someone hacked my account', 'how do I change my username',
    'I have two accounts, can you merge them', "it says my password is wrong but it isn't", 'how do I create an account', 'I cannot access my account',
    'reset password link expired', 'how do I update my phone number on my profile', 'my account was suspended', 'unlock my account {please}',
    'login page keeps saying error', 'I lost access to my email, how do I get into my account', 'how do I turn off two step verification',
    'cannot log into the app', 'forgot username', 'change my password',
  ],
  product_question: [
    'is the {product} {feature}', 'does the {product} come with a charger', 'what size should I get', 'is the {product} in stock',
    'when will the {product} be back in stock', 'what is the difference between the two {product} models', 'how long does the battery last on the {product}',
    'what are the dimensions of the {product}', 'does the {product} have a warranty', 'is this {feature}', 'what material is the {product} made of',
    'does it come in other colours', 'how do I set up my {product}', 'how do I use the {product}', 'can I use the {product} abroad',
    'is the {product} good for beginners', 'does the {product} work with Alexa', 'what is the weight of the {product}', 'how many watts is the {product}',
    'is there a bigger size', 'do you sell replacement parts for the {product}', 'how do I clean the {product}', 'will the {product} fit in a small kitchen',
    'which {product} would you recommend', 'is the {product} new or refurbished', 'does the {product} need batteries', 'price of the {product}?',
  ],
  complaint: [
    'your service is terrible', 'this is the worst customer service ever', 'I am very disappointed', 'the quality of the {product} is awful',
    'your driver was rude to me', 'I have been waiting for {time} and nobody answers my emails', 'this is unacceptable', 'I want to make a complaint',
    'I want to file a formal complaint', 'your staff were unhelpful and rude', 'I am so frustrated with your company', 'never buying from you again',
    'the {product} broke after one day, what a joke', 'you keep ignoring my messages', 'your website is a mess', 'absolutely disgusted with how I was treated',
    'this company is a scam', 'I will leave a bad review', 'the {product} is cheap rubbish', 'your app is garbage', 'poor quality and poor service',
    'the agent hung up on me', 'I am fed up with the delays', 'I have complained three times already', 'so angry right now',
    'you people are useless', "the {product} looks nothing like the picture, I'm really unhappy", 'the packaging was damaged and filthy',
  ],
  human_request: [
    'I want to talk to {agent}', 'can I speak to {agent}', 'connect me with {agent}', 'let me talk to {agent}', 'get me {agent}',
    'is there {agent} I can talk to', 'transfer me to {agent}', 'I need {agent}', 'stop the bot, I want {agent}', 'agent', 'human please',
    'representative', 'I don\'t want to talk to a bot', 'are you a robot? I want {agent}', 'can someone call me', 'what is your phone number',
    'how can I contact customer service by phone', 'give me a phone number', 'I need to speak to someone about my {order}', 'escalate this to {agent}',
    'live chat with {agent}', 'operator', 'talk to {agent} {please}', 'call me back please', 'can {agent} contact me',
  ],
  greeting_thanks: [
    'hi', 'hello', 'hey', 'good morning', 'good afternoon', 'thanks', 'thank you', 'thank you so much', 'thanks for your help', 'cheers',
    'that helped, thanks', 'great, thanks', 'ok thanks bye', 'bye', 'have a nice day', 'appreciate it', 'you were very helpful', 'hello there',
    'hey, how are you', 'thanks a lot', 'perfect, thank you', 'all sorted, thanks', 'good evening', 'much appreciated', 'thx', 'ty', 'yo',
    'hi, anyone there?', 'thanks, that is all', 'awesome thank you',
  ],
  other: [
    'what is the weather like today', 'tell me a joke', 'are you hiring', 'I want to apply for a job', 'do you have a affiliate program',
    'I would like to partner with your company', 'who is the CEO', 'what is the meaning of life', 'can you help me with my homework',
    'where are your headquarters', 'do you sponsor events', 'I want to sell my products on your site', 'what is 2+2', 'who won the game last night',
    'do you have a blog', 'what is your favourite colour', 'can I write a guest post', 'are you a real person', 'what time is it', 'I love pizza',
    'recommend a good movie', 'how old are you', 'press inquiry', 'sing me a song', 'asdfgh', 'test', 'lol', '?', 'what languages do you speak',
    'is your company eco friendly', 'do you donate to charity', 'can I visit your warehouse',
  ],
};

/**
 * Task phrasings in the style of support-intent data sets (Bitext customer support, banking77): a request frame
 * ("could you help me {x}?", "I need help to {x}") around an action of the intent.
 */
const REQUEST_FRAMES = [
  'I need help to {x}', 'could you help me {x}?', 'I want to {x}', 'how can I {x}?', 'where do I {x}?', "I'd like to {x}", 'help me {x}',
  'can u help me {x}', 'I have to {x}', 'what do I have to do to {x}?', 'I need assistance to {x}', 'how do I {x}', 'can you tell me how to {x}?',
  'I am trying to {x}', 'is it possible to {x}?', 'I wanna {x}', 'where can I {x}?', 'tell me how to {x}', 'I need to {x} {please}',
];

const ACTIONS: Partial<Record<Intent, readonly string[]>> = {
  order_status: ['check the status of my order', 'track my order {num}', 'see where my {order} is', 'find out when my {order} will arrive', 'get an update on order {num}', 'know if my {order} has shipped', 'check my delivery status', 'locate my {order}'],
  shipping: ['check the delivery options', 'change the shipping address', 'set up a new delivery address', 'see the shipping costs to {country}', 'know how long delivery takes to {country}', 'get express delivery', 'pick up my order in store', 'arrange delivery for a specific day'],
  returns_refunds: ['return an item', 'get a refund', 'track my refund', 'check the refund policy', 'exchange the {product}', 'request a refund for order {num}', 'send the {product} back', 'get my money back for a faulty {product}'],
  billing: ['see my invoice', 'download the bill for order {num}', 'report a payment issue', 'check the payment methods', 'change my card details', 'pay with {pay}', 'dispute a charge', 'understand a fee on my statement', 'cancel my subscription payments', 'get a receipt'],
  account_login: ['recover my password', 'reset my password', 'create an account', 'delete my account', 'edit my account details', 'change my email address', 'unlock my account', 'sign in to my account', 'switch to another account', 'verify my identity', 'fix a registration problem'],
  product_question: ['find out if the {product} is {feature}', 'compare the {product} models', 'know the size of the {product}', 'check if the {product} is in stock', 'set up the {product}', 'know which {product} to buy', 'learn how the {product} works'],
  complaint: ['file a complaint', 'make a complaint about your service', 'lodge a complaint against an agent', 'report how badly I was treated', 'complain about the {product}', 'leave a negative review', 'raise a formal complaint'],
  human_request: ['speak to {agent}', 'talk with {agent}', 'contact customer service', 'get in touch with {agent}', 'call {agent}', 'chat with {agent}', 'reach a live agent'],
  other: ['apply for a job', 'subscribe to the newsletter', 'become an affiliate', 'send a press inquiry', 'find your head office', 'join the loyalty program', 'donate to your charity', 'sell on your marketplace'],
};

const BANKING_STYLE: Partial<Record<Intent, readonly string[]>> = {
  order_status: ['I still have not received my {order}', 'my {order} has not come yet, is something wrong?', 'why is my {order} taking so long', 'it has been {time}, should my {order} be here by now?'],
  billing: ['why was I charged a fee', 'my card payment was declined', 'there is a payment I did not make', 'why is my payment still pending', 'I think I was charged the wrong exchange rate', 'the top up failed but I was charged'],
  account_login: ['I forgot my passcode', 'my PIN is blocked', 'how do I verify my identity', 'the app will not let me log in', 'why can I not access my account', 'I need to change my personal details'],
  returns_refunds: ['I am still waiting on a refund', 'the seller has not refunded me', 'my refund is not showing', 'how do I request a refund for a faulty item'],
};

const TONE: Partial<Record<Intent, Tone>> = { complaint: 'negative', greeting_thanks: 'positive' };

export function generateIntentCorpus(rng: SeededRandom, perClass: number): LabelledText[] {
  const rows: LabelledText[] = [];
  const seen = new Set<string>();
  for (const label of INTENT_LABELS) {
    let made = 0;
    let attempts = 0;
    while (made < perClass && attempts < perClass * 30) {
      attempts++;
      const roll = rng.next();
      const actions = ACTIONS[label];
      const banking = BANKING_STYLE[label];
      let template = rng.pick(TEMPLATES[label]);
      if (actions && roll < 0.3) template = rng.pick(REQUEST_FRAMES).replace('{x}', rng.pick(actions));
      else if (banking && roll < 0.4) template = rng.pick(banking);
      let text = fillTemplate(template, SLOTS, rng);
      if (label !== 'greeting_thanks' && label !== 'other') {
        const hi = fillTemplate('{hi}', SLOTS, rng);
        const please = fillTemplate('{please}', SLOTS, rng);
        if (hi) text = `${hi}, ${text}`;
        if (please && !text.includes(please)) text = `${text} ${please}`;
        if (rng.next() < 0.08) text = `${text}. ${rng.pick(['I ordered it ' + rng.pick(SLOTS['day'] as string[]), 'order number ' + rng.pick(SLOTS['num'] as string[]), 'my email is jo@example.com', 'this is urgent'])}`;
      }
      text = roughen(text, rng, 0.35);
      if (rng.next() < 0.35) text = socialize(text, TONE[label] ?? 'neutral', rng);
      if (seen.has(text)) continue;
      seen.add(text);
      rows.push({ text, label });
      made++;
    }
  }
  return rng.shuffle(rows);
}

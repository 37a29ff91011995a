/**
 * Support-domain synonym groups: every phrase in a group maps to its first entry before matching, so
 * "money back" and "refund" meet. Multi-word phrases are matched on stemmed words.
 */
export const SUPPORT_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['refund', 'money back', 'reimburse', 'reimbursement', 'repay', 'chargeback', 'get my money', 'return my money'],
  ['order', 'parcel', 'package', 'packet', 'shipment', 'delivery', 'purchase', 'item', 'stuff i bought', 'consignment'],
  ['password', 'passcode', 'pass word', 'pwd', 'credentials', 'pin'],
  ['login', 'log in', 'sign in', 'signin', 'logon', 'log on', 'access my account', 'get into my account'],
  ['account', 'profile', 'user account'],
  ['cancel', 'call off', 'terminate'],
  ['subscription', 'plan', 'membership', 'recurring'],
  ['track', 'trace', 'where is', 'locate', 'status of', 'whereabouts'],
  ['ship', 'send', 'dispatch', 'courier'],
  ['return', 'send back', 'bring back', 'exchange'],
  ['charge', 'bill', 'debit', 'payment', 'pay', 'fee', 'invoice', 'transaction'],
  ['card', 'credit card', 'debit card', 'visa', 'mastercard', 'amex'],
  ['address', 'shipping address', 'delivery address', 'location'],
  ['broken', 'damaged', 'defective', 'faulty', 'cracked', 'smashed', 'not working', 'doesnt work', 'dead'],
  ['late', 'delayed', 'overdue', 'slow', 'taking forever', 'still not here', 'hasnt arrived', 'not arrived', 'not received', 'never arrived', 'never came'],
  ['reset', 'recover', 'forgot', 'forgotten'],
  ['email', 'e-mail', 'mail address', 'e mail'],
  ['discount', 'coupon', 'promo code', 'voucher', 'promo'],
  ['wrong', 'incorrect', 'not what i ordered', 'different item', 'mistake'],
  ['size', 'fit', 'sizing'],
  ['agent', 'human', 'person', 'representative', 'operator', 'someone real', 'real person', 'staff'],
  ['warranty', 'guarantee'],
  ['delete', 'remove', 'close', 'erase'],
  ['cost', 'price', 'how much'],
  ['phone', 'mobile', 'cell'],
  ['buy', 'purchase'],
];

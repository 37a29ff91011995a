/** Record key: the entity whose events must stay ordered. */
export const messageReceivedKeyField = 'customerId';

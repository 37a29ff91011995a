/** Record key: the entity whose events must stay ordered. */
export const replySentKeyField = 'conversationId';

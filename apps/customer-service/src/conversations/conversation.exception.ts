import { ProblemException } from '@verticals/platform';

export enum ConversationErrorCode {
  Resolved = 'conversation-resolved',
  NotWithAgent = 'conversation-not-with-agent',
  WaitingForAgent = 'conversation-waiting-for-agent',
  NotYourConversation = 'conversation-owned-by-another-agent',
  Busy = 'conversation-busy',
}

function describe(code: ConversationErrorCode): { status: number; detail: string } {
  switch (code) {
    case ConversationErrorCode.Resolved:
      return { status: 409, detail: 'The conversation is resolved; start a new one.' };
    case ConversationErrorCode.NotWithAgent:
      return { status: 409, detail: 'Only the agent who claimed the conversation can write in it, after claiming its escalation.' };
    case ConversationErrorCode.WaitingForAgent:
      return { status: 409, detail: 'The conversation waits for an agent: claim its escalation first.' };
    case ConversationErrorCode.NotYourConversation:
      return { status: 409, detail: 'Another agent owns this conversation.' };
    case ConversationErrorCode.Busy:
      return { status: 409, detail: 'The conversation kept changing while this message was being processed; send it again.' };
  }
}

/** An illegal move in the conversation status machine (bot -> waiting_for_agent -> agent -> resolved). */
export class ConversationException extends ProblemException {
  constructor(readonly code: ConversationErrorCode) {
    const { status, detail } = describe(code);
    super({ status, type: 'conversation-state-conflict', title: 'Conflict', detail, code });
  }
}

import { ProblemException } from '@verticals/platform';

export enum EscalationErrorCode {
  AlreadyClaimed = 'escalation-already-claimed',
  Resolved = 'escalation-resolved',
}

function describe(code: EscalationErrorCode): string {
  switch (code) {
    case EscalationErrorCode.AlreadyClaimed:
      return 'Another agent has claimed this escalation.';
    case EscalationErrorCode.Resolved:
      return 'The escalation is resolved.';
  }
}

export class EscalationException extends ProblemException {
  constructor(readonly code: EscalationErrorCode) {
    super({ status: 409, type: 'escalation-state-conflict', title: 'Conflict', detail: describe(code), code });
  }
}

import { Injectable } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { ProblemException, requireTenantId } from '@verticals/platform';
import { type LabelledText } from '@verticals/text-models';
import { normalizeSentimentLabel } from '../analysis/sentiment-label-aliases';
import { INTENT_TAXONOMY, type TextModelKind } from '../model-kinds';
import { TrainingFeedbackEntity } from '../persistence/training-feedback.entity';

export interface LabelCorrection {
  kind: TextModelKind;
  /** The message text as stored (already PII-masked). */
  text: string;
  label: string;
  conversationId?: string;
}

/** Agents' corrected labels from resolved conversations: kept as training data for later fits (`includeFeedback`). */
@Injectable()
export class TrainingFeedbackService {
  /** Records a correction in the caller's transaction (the app's resolve transaction); current tenant. */
  async recordCorrection(manager: EntityManager, correction: LabelCorrection): Promise<void> {
    const label = correction.kind === 'sentiment' ? normalizeSentimentLabel(correction.label) : intentLabel(correction.label);
    if (!label) {
      throw new ProblemException({
        status: 400,
        type: 'validation-failed',
        title: 'Bad Request',
        detail: `"${correction.label}" is not a ${correction.kind} label.`,
        errors: [{ field: correction.kind === 'intent' ? 'correctIntent' : 'label', rule: 'isIn', message: `must be a ${correction.kind} label` }],
      });
    }
    const text = correction.text.trim();
    if (text === '') return;
    await manager.getRepository(TrainingFeedbackEntity).insert({
      tenantId: requireTenantId(),
      kind: correction.kind,
      text: text.slice(0, 5000),
      label,
      conversationId: correction.conversationId ?? null,
    });
  }

  /** The current tenant's corrections of a kind, newest first (at most `limit`). */
  async corrections(manager: EntityManager, kind: TextModelKind, limit = 50_000): Promise<LabelledText[]> {
    const rows = await manager.getRepository(TrainingFeedbackEntity).find({
      where: { tenantId: requireTenantId(), kind },
      order: { id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({ text: row.text, label: row.label }));
  }
}

function intentLabel(label: string): string | undefined {
  const name = label.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (INTENT_TAXONOMY as readonly string[]).includes(name) ? name : undefined;
}

import { type LabelledText } from '@verticals/text-models';
import { type TextModelKind } from '../model-kinds';
import { type FitProgressStage, type FittedVersion } from './text-model-fitting';

export interface FitWorkerRequest {
  kind: TextModelKind;
  rows: LabelledText[];
  labels: string[];
  repositoryPath: string;
  version: number;
  source: string;
}

export type FitWorkerReply =
  | { type: 'progress'; fraction: number; stage: FitProgressStage }
  | { type: 'done'; fitted: FittedVersion }
  | { type: 'failed'; message: string };

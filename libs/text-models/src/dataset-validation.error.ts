export interface DatasetIssue {
  /** 1-based line in the uploaded file where the record starts; 0 for the file as a whole. */
  line: number;
  message: string;
}

export enum DatasetErrorCode {
  TooLarge = 'DATASET_TOO_LARGE',
  Malformed = 'DATASET_MALFORMED',
  InvalidRows = 'DATASET_INVALID_ROWS',
}

/** A labelled training set that cannot be used, with every problem found (up to a cap) and where. */
export class DatasetValidationError extends Error {
  override readonly name = 'DatasetValidationError';

  constructor(
    readonly code: DatasetErrorCode,
    readonly issues: readonly DatasetIssue[],
  ) {
    super(`${code}: ${issues.slice(0, 3).map((i) => (i.line > 0 ? `line ${i.line}: ${i.message}` : i.message)).join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`);
  }
}

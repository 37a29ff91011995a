/** The logging the engine needs; pino, NestJS's Logger and console all fit. */
export interface InferenceLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const consoleInferenceLogger: InferenceLogger = {
  info: (message) => console.info(message),
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

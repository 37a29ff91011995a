import { parentPort } from 'node:worker_threads';
import { TextFeaturizer, parseTextFeaturizerConfig } from '@verticals/text-models';
import { type FeaturizeReply, type FeaturizeRequest } from './featurization-protocol';

// Text featurization for the service thread: a long message takes milliseconds (4,000 characters: ~7 ms for
// the sentiment and intent featurizers together), which would stall every other request on the event loop.
// TextModelPredictor sends only batches long enough to be worth the hand-off.
if (!parentPort) throw new Error('featurization.worker runs only as a worker thread');
const port = parentPort;
const featurizers = new Map<string, TextFeaturizer>();

port.on('message', (request: FeaturizeRequest) => {
  try {
    let featurizer = featurizers.get(request.key);
    if (!featurizer) {
      if (!request.preprocessing) throw new Error(`no preprocessing received for ${request.key}`);
      featurizer = new TextFeaturizer(parseTextFeaturizerConfig(request.preprocessing));
      featurizers.set(request.key, featurizer);
    }
    if (request.input === 'dense') {
      const data = featurizer.transformBatch(request.texts);
      reply({ id: request.id, dense: { data, dims: [request.texts.length, featurizer.dimension] } }, [data.buffer as ArrayBuffer]);
    } else {
      const batch = featurizer.transformSparseBatch(request.texts);
      reply({ id: request.id, sparse: batch }, [batch.indices.buffer as ArrayBuffer, batch.values.buffer as ArrayBuffer]);
    }
  } catch (error) {
    reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});

function reply(message: FeaturizeReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

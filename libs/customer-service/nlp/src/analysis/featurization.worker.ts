import { parentPort } from 'node:worker_threads';
import { TextFeaturizer, parseTextFeaturizerConfig } from '@verticals/text-models';
import { type FeaturizeReply, type FeaturizeRequest } from './featurization-protocol';
import { modelInputs } from './model-inputs';

// Text featurization for the service thread: a long message takes about a millisecond (4,000 characters: ~1 ms
// for the sentiment and intent featurizers together), which would stall every other request on the event loop.
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
    const inputs = modelInputs(featurizer, request.input, request.texts);
    // Every tensor's data is a typed array of its own: hand the buffers over instead of copying them.
    const buffers = Object.values(inputs).map(({ data }) => (data as Float32Array | BigInt64Array).buffer as ArrayBuffer);
    reply({ id: request.id, inputs }, buffers);
  } catch (error) {
    reply({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});

function reply(message: FeaturizeReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

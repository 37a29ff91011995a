import { randomBytes } from 'node:crypto';
import kafkajsCrc32C from 'kafkajs/src/protocol/recordBatch/crc32C';
import { crc32c } from './crc32c';

describe('crc32c', () => {
  it('matches the standard check value for "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('agrees with kafkajs on random inputs of every length up to 300 bytes', () => {
    for (let length = 0; length <= 300; length++) {
      const data = randomBytes(length);
      expect(crc32c(data)).toBe(kafkajsCrc32C(data) >>> 0);
    }
  });

  it('computes a sub-range without copying', () => {
    const data = randomBytes(100);
    expect(crc32c(data, 10, 77)).toBe(crc32c(data.subarray(10, 77)));
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FilePartitionLog } from './file-partition-log';
import { MemoryPartitionLog } from './memory-partition-log';
import { type PartitionLog } from './partition-log';
import { readBatchHeader, validateProducedRecords } from './record-batch';
import { encodeBatch } from './testing/batch-oracle';
import { temporaryDirectory } from './testing/broker-test-kit';

const RETENTION = { retentionMs: -1, retentionBytes: -1, segmentBytes: 1024 * 1024 };

async function appendValues(log: PartitionLog, values: string[], timestamps?: number[]): Promise<number> {
  const batch = await encodeBatch({ values, timestamps });
  return log.append(batch, readBatchHeader(batch));
}

function openFileLog(directory: string, overrides: Partial<typeof RETENTION> = {}): FilePartitionLog {
  return new FilePartitionLog({ ...RETENTION, ...overrides, directory, indexIntervalBytes: 64 });
}

function offsetsIn(buffers: Buffer[]): number[] {
  const offsets: number[] = [];
  for (const buffer of buffers) {
    let at = 0;
    while (at < buffer.length) {
      const header = readBatchHeader(buffer, at);
      offsets.push(header.baseOffset);
      at += header.size;
    }
  }
  return offsets;
}

describe('file partition log', () => {
  it('assigns consecutive offsets and serves reads from any offset, across segments', async () => {
    const directory = temporaryDirectory('log');
    const log = openFileLog(directory, { segmentBytes: 400 });
    for (let i = 0; i < 30; i++) await appendValues(log, [`a${i}`, `b${i}`]);
    expect(log.nextOffset).toBe(60);
    expect(fs.readdirSync(directory).filter((name) => name.endsWith('.log')).length).toBeGreaterThan(2);
    expect(offsetsIn(log.read(0, 1))).toEqual([0]);
    expect(offsetsIn(log.read(37, 1))).toEqual([36]);
    expect(offsetsIn(log.read(59, 10_000))).toEqual([58]);
    expect(log.read(60, 10_000)).toEqual([]);
    const validation = validateProducedRecords(Buffer.concat(log.read(10, 300)), 7);
    expect(validation.ok).toBe(true);
    log.close();
  });

  it('recovers every complete batch after a restart and truncates a torn tail', async () => {
    const directory = temporaryDirectory('torn');
    const log = openFileLog(directory);
    for (let i = 0; i < 5; i++) await appendValues(log, [`m${i}`]);
    log.close();
    const segment = path.join(directory, '00000000000000000000.log');
    const intactSize = fs.statSync(segment).size;
    const partial = (await encodeBatch({ values: ['half-written'] })).subarray(0, 30);
    fs.appendFileSync(segment, partial);

    const reopened = openFileLog(directory);
    expect(reopened.nextOffset).toBe(5);
    expect(fs.statSync(segment).size).toBe(intactSize);
    expect(await appendValues(reopened, ['after'])).toBe(5);
    expect(offsetsIn(reopened.read(0, 100_000))).toEqual([0, 1, 2, 3, 4, 5]);
    reopened.close();
  });

  it('drops a last batch whose CRC does not match', async () => {
    const directory = temporaryDirectory('crc');
    const log = openFileLog(directory);
    for (let i = 0; i < 3; i++) await appendValues(log, [`m${i}`]);
    log.close();
    const segment = path.join(directory, '00000000000000000000.log');
    const bytes = fs.readFileSync(segment);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(segment, bytes);
    const reopened = openFileLog(directory);
    expect(reopened.nextOffset).toBe(2);
    reopened.close();
  });

  it('finds offsets by timestamp', async () => {
    const log = openFileLog(temporaryDirectory('time'));
    await appendValues(log, ['a', 'b', 'c'], [1000, 2000, 3000]);
    await appendValues(log, ['d', 'e'], [4000, 5000]);
    expect(log.offsetForTimestamp(1500)).toEqual({ offset: 1, timestamp: 3000 });
    expect(log.offsetForTimestamp(4000)).toEqual({ offset: 3, timestamp: 5000 });
    expect(log.offsetForTimestamp(9000)).toBeNull();
    log.close();
  });

  it('deletes whole old segments beyond the size limit and moves the log start', async () => {
    const directory = temporaryDirectory('retention');
    const log = openFileLog(directory, { segmentBytes: 300, retentionBytes: 600 });
    for (let i = 0; i < 40; i++) await appendValues(log, [`v${i}`]);
    log.enforceRetention(Date.now());
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.sizeBytes).toBeLessThanOrEqual(600 + 300);
    expect(offsetsIn(log.read(log.logStartOffset, 100))[0]).toBe(log.logStartOffset);
    log.close();
    expect(openFileLog(directory).logStartOffset).toBe(log.logStartOffset);
  });

  it('deletes segments older than the time limit, never the active one', async () => {
    const log = openFileLog(temporaryDirectory('ttl'), { segmentBytes: 300, retentionMs: 1000 });
    for (let i = 0; i < 20; i++) await appendValues(log, [`v${i}`]);
    log.enforceRetention(Date.now() + 60_000);
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.nextOffset).toBe(20);
    log.close();
  });
});

describe('memory partition log', () => {
  it('stores, reads and expires batches without touching the disk', async () => {
    const log = new MemoryPartitionLog({ ...RETENTION, retentionBytes: 200 });
    for (let i = 0; i < 10; i++) await appendValues(log, [`v${i}`]);
    expect(offsetsIn(log.read(4, 1))).toEqual([4]);
    log.enforceRetention(Date.now());
    expect(log.logStartOffset).toBeGreaterThan(0);
    expect(log.nextOffset).toBe(10);
  });
});

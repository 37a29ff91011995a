import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../../../../..');
const run = promisify(execFile);
const evaluate = (args: string[]) => run(process.execPath, ['tools/run.cjs', 'tools/evaluate/main.ts', ...args], { cwd: ROOT, timeout: 120_000 });

describe('npm run evaluate -- customer-service (child process)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-evaluate-'));
    const positive = ['great service, thanks', 'love it, works perfectly', 'fantastic support team', 'very happy with the fast delivery', 'excellent, would buy again'];
    const negative = ['terrible, it broke after a day', 'worst support ever', 'i am very angry about the delay', 'awful quality, want a refund', 'this is a scam, useless'];
    const neutral = ['the parcel arrived on tuesday', 'i ordered the blue one', 'what are your opening hours', 'the box is 20 cm wide', 'my order number is 12345'];
    const lines = [...positive.map((t) => `"${t}",pos`), ...negative.map((t) => `"${t}",neg`), ...neutral.map((t) => `"${t}",neutral`)];
    writeFileSync(join(dir, 'sentiment.csv'), ['text,label', ...lines, ...lines].join('\n'));
    writeFileSync(join(dir, 'bad.csv'), 'text,label\nhello,positive\nbye,sideways\n');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('measures the active default model and ends with the accuracy line', async () => {
    const { stdout } = await evaluate(['customer-service', 'sentiment', '--test', join(dir, 'sentiment.csv')]);
    expect(stdout).toContain('customer-service-sentiment@2');
    expect(stdout).toContain('confusion matrix');
    expect(stdout).toMatch(/negative\s+\d\.\d{4}\s+\d\.\d{4}/);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^accuracy=\d\.\d{4} macro_f1=\d\.\d{4}$/);
  });

  it('fits a new version from --train into a temporary repository, not into models/', async () => {
    const before = readdirSync(join(ROOT, 'models', 'customer-service-sentiment'));
    const { stdout, stderr } = await evaluate(['customer-service', 'sentiment', '--train', join(dir, 'sentiment.csv'), '--test', join(dir, 'sentiment.csv')]);
    expect(stderr).toContain('fitting customer-service-sentiment on 30 rows');
    expect(stdout).toContain('fitted on');
    const [, accuracy] = /accuracy=(\d\.\d{4}) macro_f1=/.exec(stdout.trim().split('\n').at(-1) ?? '') ?? [];
    expect(Number(accuracy)).toBeGreaterThan(0.8);
    expect(readdirSync(join(ROOT, 'models', 'customer-service-sentiment'))).toEqual(before);
  });

  it('reports bad test rows with their line numbers and exits 1', async () => {
    await expect(evaluate(['customer-service', 'sentiment', '--test', join(dir, 'bad.csv')])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('line 3: label "sideways"'),
    });
  });
});

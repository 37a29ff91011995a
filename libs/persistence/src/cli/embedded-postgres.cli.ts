import { Command } from 'commander';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres';

/**
 * Runs the embedded PostgreSQL in the foreground: prints one JSON line `{"url":...,"dataDir":...,"reused":...}`
 * once it accepts connections, stops it on SIGINT/SIGTERM (a reused server is left running).
 */
const program = new Command('embedded-postgres')
  .requiredOption('--data-dir <dir>', 'data directory (kept across restarts)')
  .option('--port <port>', 'TCP port on 127.0.0.1', '54329')
  .parse();

const options = program.opts<{ dataDir: string; port: string }>();

void (async () => {
  try {
    const handle = await startEmbeddedPostgres({
      dataDir: options.dataDir,
      port: Number(options.port),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    const stop = () => void handle.stop().then(() => process.exit(0), () => process.exit(1));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // Started with a stdin pipe (tests): when the parent dies without signalling, stop too.
    if (!process.stdin.isTTY) {
      process.stdin.on('end', stop);
      process.stdin.resume();
    }
    process.stdout.write(`${JSON.stringify({ url: handle.url, dataDir: handle.dataDir, reused: handle.reused })}\n`);
    // A reused server has no child of ours keeping the loop alive.
    setInterval(() => undefined, 1 << 30);
  } catch (error) {
    process.stderr.write(`embedded-postgres: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
})();

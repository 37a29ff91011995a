import { keysCliDatabaseUrl, runKeysCli } from '../keys-cli.command';

runKeysCli(process.argv.slice(2), {
  databaseUrl: keysCliDatabaseUrl(),
  out: (line) => process.stdout.write(`${line}\n`),
})
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });

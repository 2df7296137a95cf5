import { parseArgs } from 'node:util';
import { startTestServer, type TestServerOptions } from './index';

const USAGE = `Usage: npm run server -- [--dialect a|b|c] [--port 8080] [--rest-port 3001] [--admin-port 3002]
       [--bots N] [--bots-room NAME] [--a-version v3|v4|v5|v6] [--b-version v7|v8]
       [--c-version v9|v10|head] [--single-pc] [--fallback-roles]
       [--grace-ms MS] [--offer-before-ack] [--allowed-host NAME ...] [--verbose]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--${name} must be a port number (0-65535), got "${value}"`);
  return n;
}

let values: Record<string, string | boolean | string[] | undefined>;
try {
  values = parseArgs({
    options: {
      dialect: { type: 'string', default: 'c' },
      port: { type: 'string' },
      'rest-port': { type: 'string' },
      'admin-port': { type: 'string' },
      bots: { type: 'string' },
      'bots-room': { type: 'string' },
      'a-version': { type: 'string' },
      'b-version': { type: 'string' },
      'c-version': { type: 'string' },
      'single-pc': { type: 'boolean' },
      'fallback-roles': { type: 'boolean' },
      'grace-ms': { type: 'string' },
      'offer-before-ack': { type: 'boolean' },
      'allowed-host': { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
// Licode's dialects are A, B and C (docs/licode-protocol.md §1.3); the flag takes either case.
const dialect = typeof values.dialect === 'string' ? values.dialect.toUpperCase() : values.dialect;
if (dialect !== 'A' && dialect !== 'B' && dialect !== 'C') fail(`--dialect must be "a", "b" or "c", got "${String(values.dialect)}"`);
const aVersion = values['a-version'];
if (aVersion !== undefined && aVersion !== 'v3' && aVersion !== 'v4' && aVersion !== 'v5' && aVersion !== 'v6') {
  fail(`--a-version must be v3, v4, v5 or v6, got "${String(aVersion)}"`);
}
const bVersion = values['b-version'];
if (bVersion !== undefined && bVersion !== 'v7' && bVersion !== 'v8') fail(`--b-version must be v7 or v8, got "${String(bVersion)}"`);
if (bVersion !== undefined && dialect !== 'B') fail('--b-version needs --dialect b');
const cVersion = values['c-version'];
if (cVersion !== undefined && cVersion !== 'v9' && cVersion !== 'v10' && cVersion !== 'head') {
  fail(`--c-version must be v9, v10 or head, got "${String(cVersion)}"`);
}
if (cVersion === 'v9' && values['single-pc'] === true) fail('--single-pc is not emulated with --c-version v9');
if (dialect === 'B' && values['single-pc'] === true) fail('--single-pc is not emulated with --dialect b (Licode v7/v8)');
const bots = values.bots === undefined ? 0 : Number(values.bots);
if (!Number.isInteger(bots) || bots < 0) fail(`--bots must be a whole number, got "${String(values.bots)}"`);
const grace = values['grace-ms'] === undefined ? undefined : Number(values['grace-ms']);
if (grace !== undefined && (!Number.isFinite(grace) || grace < 0)) fail(`--grace-ms must be a number of milliseconds`);

const options: TestServerOptions = {
  dialect,
  aVersion,
  bVersion,
  cVersion,
  allowSinglePC: values['single-pc'] === true,
  controllerPort: port(values.port as string | undefined, 'port') ?? 8080,
  restPort: port(values['rest-port'] as string | undefined, 'rest-port') ?? 3001,
  adminPort: port(values['admin-port'] as string | undefined, 'admin-port') ?? 3002,
  bots,
  botsRoom: values['bots-room'] as string | undefined,
  roles: values['fallback-roles'] ? 'fallback' : 'shipped',
  reconnectionGraceMs: grace,
  offerBeforeAck: values['offer-before-ack'] === true,
  allowedHosts: values['allowed-host'] as string[] | undefined,
  log: values.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined,
};

try {
  const server = await startTestServer(options);
  process.stdout.write(
    `${JSON.stringify({ ready: true, dialect: server.dialect, restUrl: server.restUrl, controllerHost: server.controllerHost, adminUrl: server.adminUrl })}\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the test server\n`);
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`The test server could not start: ${message}\n`);
  process.exit(1);
}

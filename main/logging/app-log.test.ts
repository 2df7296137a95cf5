/**
 * A real electron-log (its Node flavour, as the web host uses it) writing to a temp directory: a Licode token, a
 * signature and the web host's secret never reach the log file, whatever shape they are logged in.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import log from 'electron-log/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureAppLog, MAX_LOG_BYTES, webHostLogFile } from './app-log';
import { redact } from './redact';

const SIGNATURE = 'ZjQ5YzNmMjk4NzZkNTRlNmI3MjQ1ZGE2NmM3MDM2YmI0ODk1ZjBiNQ==';
const TOKEN = Buffer.from(
  JSON.stringify({ tokenId: '65a1b2c3d4e5f60718293a4b', host: 'licode.example.com:8080', secure: true, signature: SIGNATURE }),
).toString('base64');
const WEB_HOST_SECRET = 'a3f1c9e07b5d42e8916c0f2ab7d3e5c4a3f1c9e07b5d42e8916c0f2ab7d3e5c4';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'licode-log-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the log file', () => {
  it('never holds a token, a signature or the web-host secret', async () => {
    const logger = log.create({ logId: `redaction-${Date.now()}` });
    const file = webHostLogFile(dir);
    logger.transports.console.level = false;
    configureAppLog(logger, { file, secrets: () => [WEB_HOST_SECRET] });

    logger.info('token created', TOKEN);
    logger.info('decoded', { tokenId: '65a1b2c3d4e5f60718293a4b', host: 'licode.example.com:8080', secure: true, signature: SIGNATURE });
    logger.warn(`GET /__events?secret=${WEB_HOST_SECRET} refused`);
    logger.error(new Error(`join failed with token ${TOKEN}`));
    logger.info('the secret on its own', WEB_HOST_SECRET, 'and in a header', { 'x-licode-secret': WEB_HOST_SECRET });
    logger.info('room standup on https://licode.example.com:3004');

    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SIGNATURE);
    expect(text).not.toContain(SIGNATURE.slice(0, 20));
    expect(text).not.toContain(WEB_HOST_SECRET);
    expect(text).toContain('[redacted token]');
    expect(text).toContain('[redacted secret]');
    // What helps support stays readable.
    expect(text).toContain('room standup on https://licode.example.com:3004');
    expect(text).toContain("tokenId: '65a1b2c3d4e5f60718293a4b'");
    expect(logger.transports.file.maxSize).toBe(MAX_LOG_BYTES);
  });
});

describe('redact', () => {
  it('removes token= and secret= parameters and "signature" fields, and leaves plain text alone', () => {
    expect(redact('POST /createToken/?token=abc.def&room=x', [])).toBe('POST /createToken/?token=[redacted]&room=x');
    expect(redact('{"signature":"abc123","host":"h:1"}', [])).toBe('{"signature":"[redacted]","host":"h:1"}');
    expect(redact('Ada joined standup', [])).toBe('Ada joined standup');
  });
});

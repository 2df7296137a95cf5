/**
 * `npm run kiosk:hash-pin`: reads a PIN from stdin (so it stays out of the shell history and the process list) and
 * prints the hash to put in the kiosk configuration as `pinHash` / --kiosk-pin-hash.
 */
import { text } from 'node:stream/consumers';
import { hashPin, PinFormatError } from './pin';

const MAX_INPUT = 1024;

async function main(): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write('Type the PIN, then press Enter and Ctrl+D:\n');
  const input = await text(process.stdin);
  if (input.length > MAX_INPUT) throw new PinFormatError('The input is too long for a PIN.');
  // Only the line ending is stripped: spaces inside or around the PIN are refused rather than silently dropped.
  const pin = input.replace(/\r?\n$/, '');
  process.stdout.write(`${await hashPin(pin)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`kiosk:hash-pin: ${error instanceof PinFormatError ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

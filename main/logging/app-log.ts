/**
 * The log files of both hosts: electron-log, rotated at MAX_LOG_BYTES (the previous file is kept as *.old.log), with
 * every message redacted (./redact.ts). Electron writes to its usual logs folder; the web host to
 * <user data>/logs/web-host.log.
 */
import { join } from 'node:path';
import type { NodeLogger } from 'electron-log';
import { redactionHook } from './redact';

export const MAX_LOG_BYTES = 5 * 1024 * 1024;

export interface AppLogOptions {
  /** A fixed log file (the web host); Electron keeps electron-log's per-platform default. */
  file?: string;
  /** Secrets known to this process, e.g. the web host's per-launch secret. */
  secrets?: () => readonly string[];
}

export function configureAppLog(log: NodeLogger, options: AppLogOptions = {}): void {
  const file = options.file;
  if (file) log.transports.file.resolvePathFn = () => file;
  log.transports.file.maxSize = MAX_LOG_BYTES;
  log.hooks.push(redactionHook(options.secrets ?? (() => [])));
}

export function webHostLogFile(userDataDir: string): string {
  return join(userDataDir, 'logs', 'web-host.log');
}

/** A kiosk with a configured log folder logs there (rotated and redacted like every log), where its status.json is. */
export function kioskLogFile(logDir: string): string {
  return join(logDir, 'kiosk.log');
}

/** Moves an already configured log to another file (the kiosk's log folder is known only once its configuration is read). */
export function moveAppLog(log: NodeLogger, file: string): void {
  log.transports.file.resolvePathFn = () => file;
}

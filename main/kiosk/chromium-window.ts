/**
 * The kiosk window without Electron: the system's Chromium in kiosk mode (`--kiosk --app=URL`), supervised over the
 * DevTools protocol through playwright-core's connectOverCDP (a maintained CDP client this project already ships
 * for its tests). It implements the watchdog's KioskWindow:
 * - crash: Inspector.targetCrashed (and the browser process exiting);
 * - unresponsive / responsive: a Runtime.evaluate ping that does not answer within pingTimeoutMs;
 * - failed load: a main-frame navigation to Chromium's error page (Frame.unreachableUrl), or no load event in time;
 * - reload: Page.reload; a hung renderer cannot commit a reload (measured: Page.reload never completes), so a hung
 *   page is replaced by a fresh target instead; a dead browser is started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import type { KioskWindow, Unsubscribe } from './watchdog';

export interface ChromiumKioskOptions {
  url: string;
  executablePath?: string;
  /** Tests run headless; a room box shows the window. */
  headless?: boolean;
  /** Added after the kiosk flags (tests add the fake media device flags). */
  extraArgs?: readonly string[];
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  loadTimeoutMs?: number;
  /** How long to wait for Chromium to open its DevTools endpoint. */
  startTimeoutMs?: number;
}

/** Kiosk flags (the ones measured to work with Debian's Chromium, as in e2e/support/chromium.ts): no first-run UI, no background traffic, sound without a click. */
const KIOSK_FLAGS = [
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--noerrdialogs',
  '--disable-session-crashed-bubble',
  '--autoplay-policy=no-user-gesture-required',
  // Nobody is at the keyboard to answer the camera/microphone prompt.
  '--use-fake-ui-for-media-stream',
];

type Listeners<A extends unknown[]> = Set<(...args: A) => void>;

export class ChromiumKioskWindow implements KioskWindow {
  readonly #options: Required<Omit<ChromiumKioskOptions, 'extraArgs'>> & { extraArgs: readonly string[] };
  readonly #crashed: Listeners<[string]> = new Set();
  readonly #unresponsive: Listeners<[]> = new Set();
  readonly #responsive: Listeners<[]> = new Set();
  readonly #loadFailed: Listeners<[string]> = new Set();
  #userDataDir = '';
  #process: ChildProcess | null = null;
  #browser: Browser | null = null;
  #context: BrowserContext | null = null;
  #page: Page | null = null;
  #session: CDPSession | null = null;
  #endpoint = '';
  #pingTimer: ReturnType<typeof setInterval> | undefined;
  #loadTimer: ReturnType<typeof setTimeout> | undefined;
  /** The session a ping is waiting on; a hung page's ping never answers, so a replaced page must not wait for it. */
  #pingingSession: CDPSession | null = null;
  #isUnresponsive = false;
  #browserGone = false;
  #closed = false;
  #unheardLoadFailure: string | null = null;

  private constructor(options: ChromiumKioskOptions) {
    this.#options = {
      executablePath: '/usr/bin/chromium',
      headless: false,
      pingIntervalMs: 2_000,
      pingTimeoutMs: 3_000,
      loadTimeoutMs: 30_000,
      startTimeoutMs: 20_000,
      ...options,
      extraArgs: options.extraArgs ?? [],
    };
  }

  static async launch(options: ChromiumKioskOptions): Promise<ChromiumKioskWindow> {
    const window = new ChromiumKioskWindow(options);
    try {
      await window.#launch();
    } catch (error) {
      // A browser that started but could not be attached to must not be left running without a supervisor.
      await window.close().catch(() => undefined);
      throw error;
    }
    return window;
  }

  /** The DevTools WebSocket URL (loopback; Chromium refuses WebSocket connections from web pages' origins). */
  get devToolsEndpoint(): string {
    return this.#endpoint;
  }

  onCrashed = (listener: (reason: string) => void): Unsubscribe => add(this.#crashed, listener);
  onUnresponsive = (listener: () => void): Unsubscribe => add(this.#unresponsive, listener);
  onResponsive = (listener: () => void): Unsubscribe => add(this.#responsive, listener);
  onLoadFailed = (listener: (reason: string) => void): Unsubscribe => {
    // The first page load can fail during launch(), before the watchdog subscribes: it is told on subscribing.
    const unheard = this.#unheardLoadFailure;
    this.#unheardLoadFailure = null;
    if (unheard !== null) queueMicrotask(() => listener(unheard));
    return add(this.#loadFailed, listener);
  };

  async reload(): Promise<void> {
    if (this.#closed) return;
    if (this.#browserGone) {
      await this.#shutDownBrowser();
      await this.#launch();
    } else if (this.#isUnresponsive) {
      await this.#replacePage();
    } else {
      this.#armLoadTimer();
      await this.#session!.send('Page.reload', { ignoreCache: true });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#shutDownBrowser();
    // Chromium's helper processes may still be writing to the profile for a moment after the browser exits.
    await rm(this.#userDataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }

  async #launch(): Promise<void> {
    this.#browserGone = false;
    this.#isUnresponsive = false;
    this.#userDataDir ||= await mkdtemp(join(tmpdir(), 'licode-kiosk-chromium-'));
    await rm(join(this.#userDataDir, 'DevToolsActivePort'), { force: true });
    const args = [
      ...KIOSK_FLAGS,
      // Chromium refuses its sandbox as root; a room box runs the kiosk as an ordinary user and keeps it.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      ...(this.#options.headless ? ['--headless=new'] : []),
      `--user-data-dir=${this.#userDataDir}`,
      // Port 0: Chromium picks a free port and writes it to DevToolsActivePort in the private user-data folder.
      '--remote-debugging-port=0',
      ...this.#options.extraArgs,
      '--kiosk',
      `--app=${this.#options.url}`,
    ];
    const child = spawn(this.#options.executablePath, args, { stdio: 'ignore' });
    this.#process = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`Chromium exited at start (${signal ?? `code ${code}`})`)));
    });
    this.#endpoint = await Promise.race([this.#waitForEndpoint(), exited]);
    child.removeAllListeners('exit');
    child.once('exit', (code, signal) => {
      if (this.#closed || this.#process !== child) return;
      this.#browserGone = true;
      this.#stopPing();
      emit(this.#crashed, `browser exited (${signal ?? `code ${code}`})`);
    });
    this.#browser = await connectWithRetries(this.#endpoint);
    this.#context = this.#browser.contexts()[0] ?? null;
    if (!this.#context) throw new Error('Chromium opened no browser context');
    const page = this.#context.pages()[0] ?? (await this.#context.waitForEvent('page', { timeout: this.#options.startTimeoutMs }));
    this.#armLoadTimer();
    await this.#attach(page);
    this.#startPing();
  }

  async #waitForEndpoint(): Promise<string> {
    const file = join(this.#userDataDir, 'DevToolsActivePort');
    const deadline = Date.now() + this.#options.startTimeoutMs;
    while (Date.now() < deadline) {
      const text = await readFile(file, 'utf8').catch(() => '');
      const [port, path] = text.split('\n');
      if (port && path) return `ws://127.0.0.1:${port}${path}`;
      await delay(50);
    }
    throw new Error(`Chromium did not open its DevTools endpoint within ${this.#options.startTimeoutMs / 1000} s`);
  }

  async #attach(page: Page): Promise<void> {
    this.#page = page;
    const session = await this.#context!.newCDPSession(page);
    this.#session = session;
    session.on('Inspector.targetCrashed', () => {
      if (this.#session === session) emit(this.#crashed, 'renderer crashed');
    });
    session.on('Page.loadEventFired', () => {
      if (this.#session === session) clearTimeout(this.#loadTimer);
    });
    session.on('Page.frameNavigated', ({ frame }) => {
      if (this.#session !== session || frame.parentId !== undefined || frame.unreachableUrl === undefined) return;
      clearTimeout(this.#loadTimer);
      this.#reportLoadFailure(`could not load ${frame.unreachableUrl}`);
    });
    await session.send('Inspector.enable');
    await session.send('Page.enable');
    // The first load may have finished (or failed) before we attached; its events are gone, so ask.
    const { frameTree } = await session.send('Page.getFrameTree');
    if (frameTree.frame.unreachableUrl !== undefined) {
      clearTimeout(this.#loadTimer);
      this.#reportLoadFailure(`could not load ${frameTree.frame.unreachableUrl}`);
      return;
    }
    session
      .send('Runtime.evaluate', { expression: 'document.readyState', returnByValue: true })
      .then(({ result }) => {
        if (this.#session === session && result.value === 'complete') clearTimeout(this.#loadTimer);
      })
      .catch(() => undefined);
  }

  /** A new target first, then the hung one closed: closing the last page first would end the browser. */
  async #replacePage(): Promise<void> {
    const context = this.#context!;
    const old = this.#page;
    const browserSession = await this.#browser!.newBrowserCDPSession();
    try {
      const created = context.waitForEvent('page', { timeout: this.#options.startTimeoutMs });
      this.#armLoadTimer();
      await browserSession.send('Target.createTarget', { url: this.#options.url });
      const page = await created;
      this.#isUnresponsive = false;
      await this.#attach(page);
      if (old) await Promise.race([old.close({ runBeforeUnload: false }).catch(() => undefined), delay(5_000)]);
    } finally {
      await browserSession.detach().catch(() => undefined);
    }
  }

  #reportLoadFailure(reason: string): void {
    if (this.#loadFailed.size === 0) this.#unheardLoadFailure = reason;
    else emit(this.#loadFailed, reason);
  }

  #armLoadTimer(): void {
    clearTimeout(this.#loadTimer);
    this.#loadTimer = setTimeout(() => this.#reportLoadFailure(`no load event within ${this.#options.loadTimeoutMs / 1000} s`), this.#options.loadTimeoutMs);
  }

  #startPing(): void {
    this.#stopPing();
    this.#pingTimer = setInterval(() => void this.#ping(), this.#options.pingIntervalMs);
  }

  #stopPing(): void {
    clearInterval(this.#pingTimer);
    clearTimeout(this.#loadTimer);
  }

  async #ping(): Promise<void> {
    const session = this.#session;
    if (!session || this.#pingingSession === session) return;
    this.#pingingSession = session;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.#options.pingTimeoutMs)));
    const answered = session.send('Runtime.evaluate', { expression: '0', returnByValue: true }).then(
      () => 'answered' as const,
      // A crashed or navigating target rejects the ping; crashes and loads have their own events.
      () => 'failed' as const,
    );
    const first = await Promise.race([answered, timedOut]);
    clearTimeout(timer);
    if (first === 'timeout' && session === this.#session && !this.#isUnresponsive) {
      this.#isUnresponsive = true;
      emit(this.#unresponsive);
    }
    const outcome = first === 'timeout' ? await answered : first;
    if (outcome === 'answered' && session === this.#session && this.#isUnresponsive) {
      this.#isUnresponsive = false;
      emit(this.#responsive);
    }
    if (this.#pingingSession === session) this.#pingingSession = null;
  }

  async #shutDownBrowser(): Promise<void> {
    this.#stopPing();
    const child = this.#process;
    this.#process = null;
    // A hung page can keep Playwright's close waiting for ever; the process is ended below in any case.
    await Promise.race([this.#browser?.close().catch(() => undefined), delay(2_000)]);
    this.#browser = null;
    this.#session = null;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killTimer);
    }
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * connectOverCDP now and then never completes (seen on the loaded 2-core test machines: a 30 s timeout right after
 * Chromium started); a fresh attempt is cheaper than waiting it out.
 */
async function connectWithRetries(endpoint: string, attempts = 3, timeoutMs = 10_000): Promise<Browser> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await chromium.connectOverCDP(endpoint, { timeout: timeoutMs });
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

function add<L>(set: Set<L>, listener: L): Unsubscribe {
  set.add(listener);
  return () => void set.delete(listener);
}

function emit<A extends unknown[]>(listeners: Listeners<A>, ...args: A): void {
  for (const listener of [...listeners]) listener(...args);
}

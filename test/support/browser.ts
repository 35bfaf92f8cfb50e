/**
 * Headless Chromium for the browser tests, with nothing installed by hand.
 *
 * `launchBrowser()` drives, through playwright-core:
 *   1. `/usr/bin/chromium` (Debian's `chromium` package) when it exists and is
 *      executable, else
 *   2. the Chromium that the `@sparticuz/chromium` devDependency ships inside
 *      its npm package. Its `executablePath()` unpacks the brotli-packed binary
 *      (and its fonts and SwiftShader) into the OS temp dir on first use and
 *      reuses `<tmpdir>/chromium` afterwards, whichever version put it there
 *      (delete it after changing the package's version); it never downloads
 *      anything. That binary is a
 *      headless shell for x86_64 Linux and needs only glibc, libexpat, libnss3
 *      and libnspr4 from the system.
 *
 * Either way the browser gets `CHROMIUM_FLAGS`: headless, no sandbox (the
 * tests run as root) and none of Chromium's background traffic, since the
 * network here is closed and every attempt would only be refused. Each launch
 * also gets a fresh, empty profile: playwright-core creates a new temp
 * `--user-data-dir` for every `chromium.launch()` and deletes it again on
 * `browser.close()` (it refuses a `--user-data-dir` in `args`, so the helper
 * cannot pass its own). A browser that cannot be launched throws, naming the
 * executable; nothing is skipped.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Debian's Chromium, used when present. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Where the browser tests leave what they render: `<repo>/test-artifacts`. */
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');

/** Flags every launch gets, whichever binary it runs. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `@sparticuz/chromium`'s flags that are left out. `--single-process` is there
 * for AWS Lambda's sandbox; here it makes the browser die of SIGTRAP on about
 * one `browser.close()` in three.
 */
const DROPPED_PACKAGED_FLAGS: readonly string[] = ['--single-process'];

/** The binary a launch will use and the flags it gets. */
export interface ChromiumCommand {
  source: 'system' | 'npm';
  executablePath: string;
  args: string[];
}

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Picks the binary: the system's Chromium if usable, otherwise `@sparticuz/chromium`'s. */
export async function chromiumCommand(): Promise<ChromiumCommand> {
  if (isExecutable(SYSTEM_CHROMIUM)) {
    return { source: 'system', executablePath: SYSTEM_CHROMIUM, args: [...CHROMIUM_FLAGS] };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  // The reports draw SVG: no WebGL, so no SwiftShader GL flags next to --disable-gpu.
  packaged.setGraphicsMode = false;
  const executablePath = await packaged.executablePath();
  // Its own flags first, ours last: for a repeated switch Chromium keeps the last
  // value, so `--headless` here overrides its `--headless='shell'`.
  const args = packaged.args.filter((flag) => !DROPPED_PACKAGED_FLAGS.includes(flag));
  return { source: 'npm', executablePath, args: [...args, ...CHROMIUM_FLAGS] };
}

/** Launches headless Chromium; throws (naming the binary) if it cannot start. */
export async function launchBrowser(): Promise<Browser> {
  const command = await chromiumCommand();
  try {
    return await chromium.launch({ executablePath: command.executablePath, args: command.args, headless: true });
  } catch (cause) {
    throw new Error(`could not launch Chromium (${command.source}: ${command.executablePath})`, { cause });
  }
}

/** A page together with what it logged and fetched. */
export interface RecordedPage {
  page: Page;
  /** The URL of every request the page's context made, in order (the page itself included). */
  requests: string[];
  /** Every `console.error` and `console.warning`, and every uncaught page error. */
  errors: string[];
}

/** Opens a page in a new context of `browser` that records its requests, console errors and page errors. */
export async function newRecordedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<RecordedPage> {
  const context = await browser.newContext(options);
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { page, requests, errors };
}

/** Saves a full-page PNG of `page` as `test-artifacts/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name.endsWith('.png') ? name : `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// Renders build/icon.svg with Debian's Chromium into every size the installers need: `node scripts/render-icon.mjs`.
// build/icons/<N>x<N>.png is the Linux icon set (electron-builder installs each into hicolor/<N>x<N>/apps); macOS
// takes the 1024 px image (electron-builder makes the .icns from it) and Windows the 256 px one (its .ico).
import { chromium } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const buildDir = new URL('../build/', import.meta.url);
const svg = readFileSync(new URL('icon.svg', buildDir), 'utf8');
mkdirSync(new URL('icons/', buildDir), { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{width:${size}px;height:${size}px;display:block}</style>${svg}`);
    await page.screenshot({ path: new URL(`icons/${size}x${size}.png`, buildDir).pathname, omitBackground: true });
    await page.close();
  }
} finally {
  await browser.close();
}

/**
 * The web host cannot list the computer's screens and windows (only Electron's desktopCapturer can), and the browser
 * asks the person itself once the page captures. These stand-ins let the same picker run here, end to end: what is
 * shared is whatever the browser's capture answers (Chromium's fake display in the tests).
 */
import type { CaptureSource } from '../display-media/source-picker';

function thumbnail(label: string, background: string): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180">` +
    `<rect width="320" height="180" fill="${background}"/><rect x="16" y="16" width="288" height="20" rx="4" fill="#ffffff" opacity="0.35"/>` +
    `<rect x="16" y="48" width="180" height="110" rx="6" fill="#ffffff" opacity="0.2"/>` +
    `<text x="300" y="166" text-anchor="end" font-family="sans-serif" font-size="18" fill="#ffffff">${label}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export async function standInCaptureSources(): Promise<CaptureSource[]> {
  return [
    { id: 'screen:1:0', name: 'Screen 1', displayId: '1', thumbnail: thumbnail('1', '#1f6feb'), appIcon: null },
    { id: 'screen:2:0', name: 'Screen 2', displayId: '2', thumbnail: thumbnail('2', '#8957e5'), appIcon: null },
    { id: 'window:browser:0', name: 'Browser window', displayId: '', thumbnail: thumbnail('', '#2ea043'), appIcon: null },
  ];
}

import { describe, expect, it } from 'vitest';
import { isPermissionAllowed, isSafeExternalUrl } from './policies';

describe('security policies', () => {
  it('grants only media and display capture, only to our origin', () => {
    expect(isPermissionAllowed('media', 'app://licode/index.html', 'app://licode')).toBe(true);
    expect(isPermissionAllowed('display-capture', 'app://licode/', 'app://licode')).toBe(true);
    expect(isPermissionAllowed('media', 'https://evil.example/', 'app://licode')).toBe(false);
    for (const other of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi']) {
      expect(isPermissionAllowed(other, 'app://licode/', 'app://licode')).toBe(false);
    }
  });

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://github.com/lynckia/licode')).toBe(true);
    for (const bad of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@x.com', 'smb://host/share', 'not a url']) {
      expect(isSafeExternalUrl(bad)).toBe(false);
    }
  });
});

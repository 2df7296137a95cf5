import { describe, expect, it } from 'vitest';
import { closeQuestion } from './close-confirmation';

describe('closeQuestion', () => {
  it('asks nothing outside a call', () => {
    expect(closeQuestion('close-window', false, 'en')).toBeNull();
    expect(closeQuestion('quit', false, 'zh-CN')).toBeNull();
  });

  it('asks before closing or quitting during a call, with staying as the safe choice', () => {
    expect(closeQuestion('close-window', true, 'en')).toMatchObject({
      message: 'Leave the call and close Licode Desktop?',
      buttons: ['Leave and close', 'Stay in the call'],
      leaveButton: 0,
      stayButton: 1,
    });
    expect(closeQuestion('quit', true, 'en')?.buttons[0]).toBe('Leave and quit');
  });

  it('asks in Chinese when the app is in Chinese', () => {
    expect(closeQuestion('quit', true, 'zh-CN')).toMatchObject({ message: '离开通话并退出 Licode Desktop？', buttons: ['离开并退出', '留在通话中'] });
  });
});

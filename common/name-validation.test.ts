import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AppConfigSchema, DisplayNameSchema, ProfileNameSchema, RoomNameSchema, ServerProfileInputSchema } from './api-contract';

describe('names in the contract', () => {
  it('strips bidi and control characters from profile and display names on save', () => {
    expect(v.parse(ProfileNameSchema, ' Team\u202e revres ')).toBe('Team revres');
    expect(v.parse(DisplayNameSchema, '\u2067Ada\u2069\u0000 Lovelace')).toBe('Ada Lovelace');
    const input = { name: 'Lab\u200f\u202d', serverUrl: 'http://127.0.0.1:3001', generation: 'auto', defaultRole: 'presenter', allowSelfSigned: false };
    expect(v.parse(ServerProfileInputSchema, input).name).toBe('Lab');
  });

  it('says a name with nothing visible left is missing', () => {
    const result = v.safeParse(ProfileNameSchema, '\u202e\u200b ');
    expect(result.issues?.[0]?.message).toBe('name-required');
  });

  it('refuses a room name with such characters instead of joining another room', () => {
    expect(v.parse(RoomNameSchema, ' standup ')).toBe('standup');
    expect(v.parse(RoomNameSchema, '会议室 1')).toBe('会议室 1');
    expect(v.safeParse(RoomNameSchema, 'stand\u202eup').issues?.[0]?.message).toBe('room-invalid-characters');
    expect(v.safeParse(RoomNameSchema, 'a\u0000b').issues?.[0]?.message).toBe('room-invalid-characters');
  });

  it('cleans names in settings read from disk too', () => {
    const config = {
      version: 3,
      language: 'en',
      profiles: [{ id: 'p1', name: '\u202eevil', serverUrl: 'http://127.0.0.1:3001', generation: 'auto', defaultRole: 'presenter', allowSelfSigned: false }],
      activeProfileId: 'p1',
      recentRooms: [],
      preferredDevices: {},
      displayName: 'Ada\u202e',
      joinWithCamera: true,
      joinWithMicrophone: true,
      media: { echoCancellation: true, noiseSuppression: 'browser', autoGainControl: true, mirrorSelfView: true, backgroundBlur: false },
      notifications: true,
    };
    const parsed = v.parse(AppConfigSchema, config);
    expect(parsed.profiles[0]?.name).toBe('evil');
    expect(parsed.displayName).toBe('Ada');
  });
});

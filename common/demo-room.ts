/**
 * The local demo room's fixed names, shared by the launcher that starts it (scripts/demo/), main's profile writer
 * (main/web-host/demo-profile.ts) and Home, which explains the demo and offers it when this profile is saved.
 */
export const DEMO_PROFILE_ID = 'local-demo';
export const DEMO_ROOM = 'demo';

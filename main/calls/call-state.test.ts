import { describe, expect, it, vi } from 'vitest';
import { CallState } from './call-state';

describe('CallState', () => {
  it('starts out of a call and tells listeners about real changes only', () => {
    const state = new CallState();
    const listener = vi.fn();
    const unsubscribe = state.onChange(listener);
    expect(state.get()).toEqual({ inCall: false, muted: false });
    state.set({ inCall: true, muted: false });
    state.set({ inCall: true, muted: false });
    state.set({ inCall: true, muted: true });
    expect(listener.mock.calls).toEqual([[{ inCall: true, muted: false }], [{ inCall: true, muted: true }]]);
    unsubscribe();
    state.set({ inCall: false, muted: false });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});

describe('call:state arguments', () => {
  it('are exactly {inCall, muted} booleans', async () => {
    const v = await import('valibot');
    const { CallStateReportSchema } = await import('../../common/api-contract');
    expect(v.safeParse(CallStateReportSchema, { inCall: true, muted: false }).success).toBe(true);
    expect(v.safeParse(CallStateReportSchema, { inCall: 'yes', muted: false }).success).toBe(false);
    expect(v.safeParse(CallStateReportSchema, { inCall: true }).success).toBe(false);
    expect(v.safeParse(CallStateReportSchema, { inCall: true, muted: false, leave: true }).success).toBe(false);
  });
});

/**
 * The meeting this person just left, so Home can say so and offer to rejoin it ("You left standup · Rejoin"): leaving
 * by mistake should cost one click, and the departure is seen, not only announced.
 */
export interface LeftMeeting {
  profileId: string;
  room: string;
}

class LeftCall {
  meeting = $state<LeftMeeting | null>(null);

  remember(meeting: LeftMeeting): void {
    this.meeting = { ...meeting };
  }

  clear(): void {
    this.meeting = null;
  }
}

export const leftCall = new LeftCall();

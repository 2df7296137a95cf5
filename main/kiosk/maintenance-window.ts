/**
 * The kiosk's maintenance window ("02:00-04:00", local time of the room PC): the only time updates may be applied.
 * A window may wrap midnight ("23:30-01:00").
 */

export interface MaintenanceWindow {
  /** Minutes after local midnight. */
  readonly startMinute: number;
  readonly endMinute: number;
  /** As written, for help and status output. */
  readonly text: string;
}

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/** Throws an English explanation; the configuration reader adds the key and where the value came from. */
export function parseMaintenanceWindow(text: string): MaintenanceWindow {
  const match = WINDOW.exec(text.trim());
  if (!match) throw new Error('must look like "02:00-04:00" (24-hour local time, start-end)');
  const [, startHour, startMin, endHour, endMin] = match.map(Number) as [number, number, number, number, number];
  const startMinute = startHour * 60 + startMin;
  const endMinute = endHour * 60 + endMin;
  if (startMinute === endMinute) throw new Error('starts and ends at the same time');
  return { startMinute, endMinute, text: text.trim() };
}

export function isInMaintenanceWindow(window: MaintenanceWindow, at: Date): boolean {
  const minute = at.getHours() * 60 + at.getMinutes();
  return window.startMinute < window.endMinute
    ? minute >= window.startMinute && minute < window.endMinute
    : minute >= window.startMinute || minute < window.endMinute;
}

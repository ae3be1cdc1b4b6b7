import dayjs, { type Dayjs } from 'dayjs';

/**
 * Date pickers edit a wall-clock reading in Beijing whatever the device's time
 * zone, as the rest of the app shows instants in China Standard Time. A picker
 * value is a dayjs in the device zone whose fields (year … second) are the
 * Beijing reading; these two functions convert between that and instants.
 * China keeps UTC+8 all year, so a fixed offset is exact.
 */
const CST_OFFSET_MS = 8 * 3_600_000;

/** The picker value that shows `instant` as read on a clock in Beijing. */
export function toCstPickerValue(instant: string | number | Date): Dayjs {
  const shifted = new Date(new Date(instant).getTime() + CST_OFFSET_MS);
  return dayjs(
    new Date(
      shifted.getUTCFullYear(),
      shifted.getUTCMonth(),
      shifted.getUTCDate(),
      shifted.getUTCHours(),
      shifted.getUTCMinutes(),
      shifted.getUTCSeconds(),
      shifted.getUTCMilliseconds(),
    ),
  );
}

/** The instant (ISO 8601, UTC) that a picker value's Beijing reading stands for. */
export function fromCstPickerValue(value: Dayjs): string {
  const utc = Date.UTC(value.year(), value.month(), value.date(), value.hour(), value.minute(), value.second(), value.millisecond());
  return new Date(utc - CST_OFFSET_MS).toISOString();
}

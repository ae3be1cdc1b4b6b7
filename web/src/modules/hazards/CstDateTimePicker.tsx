import { DatePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import { useIsPhone } from '../../shared/useMediaQuery';

/** Pickers show and take Beijing time to the minute (see shared/cst.ts). */
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

/** A date and time in Beijing; a form control whose value is a picker value (convert with `fromCstPickerValue`). */
export function CstDateTimePicker({
  value,
  onChange,
  id,
  testId,
  placeholder,
}: {
  value?: Dayjs | null;
  onChange?: (value: Dayjs | null) => void;
  id?: string;
  testId?: string;
  placeholder?: string;
}) {
  const isPhone = useIsPhone();
  return (
    <DatePicker
      id={id}
      value={value ?? null}
      onChange={(next) => onChange?.(next ? next.second(0).millisecond(0) : null)}
      showTime={{ format: 'HH:mm' }}
      needConfirm={false}
      format={DATE_TIME_FORMAT}
      placeholder={placeholder}
      classNames={isPhone ? { popup: 'gz-picker-popup-phone' } : undefined}
      style={{ width: '100%', maxWidth: 280 }}
      data-testid={testId}
    />
  );
}

/** Display helpers shared by the mini-program and exports (JOURNEYS.md "Everyone"). */

/** `2026年11月26日 09:00` in Asia/Shanghai from a UTC ISO string (or another pattern; common/time.ts). */
export { formatShanghai } from './time';

/** `138****5678`: phone numbers are never shown whole (PIPL). */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length < 7) return '****';
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/**
 * `1301**********1234`: ID (身份证) and driving-licence numbers (in China the licence number is the holder's
 * ID number) keep their first 4 and last 4 characters, the rest starred, length kept (PIPL).
 */
export function maskIdNumber(value: string | null | undefined): string {
  if (!value) return '';
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/** `冀A·12345` from `冀A12345`: the one way a plate is written, in messages, timelines and pages (none yet: ''). */
export function formatPlate(plate: string | null | undefined): string {
  if (!plate) return '';
  if (plate.includes('·') || plate.length < 3) return plate;
  return `${plate.slice(0, 2)}·${plate.slice(2)}`;
}

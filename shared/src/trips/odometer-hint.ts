/**
 * What the driver's 出车 form starts from and says about it. The rule (trip-execution: an odometer does
 * not run backwards) counts the vehicle's record: a departure below it is refused. A terminal's reading
 * is offered when it agrees (at or above the record); when it is below (a terminal fitted later counts
 * from its own zero: 663.9 km against 188,400 km on record), the form offers the record and says that
 * the record counts, so it never proposes a figure the server then refuses.
 */
export interface OdometerStart { km: number | null; hint: string | undefined }

const km = (n: number): string => `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })} km`;

export function departOdometerStart(terminalKm: number | null | undefined, recordKm: number | null | undefined): OdometerStart {
  const terminal = terminalKm ?? null;
  const record = recordKm ?? null;
  if (terminal != null && record != null && terminal < record) {
    return { km: record, hint: `车载终端上报 ${km(terminal)}，低于车辆档案里程 ${km(record)}，以车辆档案为准：出车里程不能低于 ${km(record)}，请按仪表盘读数填写` };
  }
  if (terminal != null) {
    return { km: terminal, hint: `车载终端上报里程 ${km(terminal)}${record != null ? `（车辆档案 ${km(record)}）` : ''}，请按仪表盘读数核对` };
  }
  if (record != null) return { km: record, hint: `车辆档案里程 ${km(record)}，出车里程不能低于此数，请按仪表盘读数核对` };
  return { km: null, hint: undefined };
}

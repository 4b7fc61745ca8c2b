import { shanghaiMonth } from '../../shared/src/common/time';

/** This month in Asia/Shanghai (`2026-12`), the period the dashboard opens on. */
export const thisMonthShanghai = (): string => shanghaiMonth(new Date());

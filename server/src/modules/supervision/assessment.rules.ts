import type { PoolFigures } from '@shared/supervision/supervision.schemas';

/**
 * 考核评估 (DOMAIN.md §7, reconstructed): a unit's monthly score out of 100 from its pool figures.
 * Each indicator is a share in [0, 1] weighted by configuration (SUPERVISION_SCORE_WEIGHTS), and the
 * formula is shown next to the score.
 */
export const indicatorKeys = ['coverage', 'closure', 'safety', 'utilisation'] as const;
export type IndicatorKey = (typeof indicatorKeys)[number];
export type ScoreWeights = Record<IndicatorKey, number>;

export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = { coverage: 30, closure: 30, safety: 20, utilisation: 20 };
/** Trips per vehicle in a month counted as full use (utilisation 1). */
export const FULL_USE_TRIPS_PER_VEHICLE = 10;

export const indicatorLabel: Record<IndicatorKey, string> = {
  coverage: '终端入网率（装终端车辆/车辆）',
  closure: '预警办结率（办结预警/预警，无预警计 1）',
  safety: '违规控制（1 − 红色预警/车辆，最低 0）',
  utilisation: `车辆使用率（出车次数/车辆/${FULL_USE_TRIPS_PER_VEHICLE}，最高 1）`,
};

export function indicators(f: PoolFigures): Record<IndicatorKey, number> {
  const v = Math.max(1, f.vehicles);
  return {
    coverage: f.vehicles ? f.withTerminal / f.vehicles : 0,
    closure: f.warnings ? f.warningsClosed / f.warnings : 1,
    safety: Math.max(0, 1 - f.warningsRed / v),
    utilisation: Math.min(1, f.trips / v / FULL_USE_TRIPS_PER_VEHICLE),
  };
}

/** The score to one decimal. */
export function scoreOf(f: PoolFigures, w: ScoreWeights): number {
  const ind = indicators(f);
  const total = indicatorKeys.reduce((s, k) => s + w[k] * ind[k], 0);
  const max = indicatorKeys.reduce((s, k) => s + w[k], 0) || 1;
  return Math.round((total / max) * 1000) / 10;
}

export function formulaText(w: ScoreWeights): string {
  const max = indicatorKeys.reduce((s, k) => s + w[k], 0);
  return `得分 = (${indicatorKeys.map((k) => `${w[k]}×${indicatorLabel[k]}`).join(' + ')}) ÷ ${max} × 100`;
}

export function loadScoreWeights(env: Readonly<Record<string, string | undefined>>): ScoreWeights {
  const raw = env.SUPERVISION_SCORE_WEIGHTS;
  if (!raw) return { ...DEFAULT_SCORE_WEIGHTS };
  const w = { ...DEFAULT_SCORE_WEIGHTS };
  for (const part of raw.split(',')) {
    const [k, v] = part.split(':');
    if (!(indicatorKeys as readonly string[]).includes(k) || !/^\d+$/.test(v ?? '')) throw new Error(`SUPERVISION_SCORE_WEIGHTS reads coverage:30,closure:30,safety:20,utilisation:20, got "${raw}"`);
    w[k as IndicatorKey] = Number(v);
  }
  return w;
}

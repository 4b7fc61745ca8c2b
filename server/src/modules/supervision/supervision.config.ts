import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './supervision.rules';

/**
 * The rules' thresholds from the environment, validated once (README「监管预警」):
 * SUPERVISION_WORK_HOURS=08:00-18:00, SUPERVISION_EXPIRY_STAGES=30,15,7, SUPERVISION_MOVEMENT_MIN_KMH=10,
 * SUPERVISION_MOVEMENT_FRESH_S=120, SUPERVISION_REPEAT_DAYS=30; trips that supervise themselves:
 * SUPERVISION_CORRIDOR_BUFFER_M=2000, SUPERVISION_ROAD_FACTOR=1.3, SUPERVISION_RETURN_GRACE_MIN=30,
 * SUPERVISION_EARLY_GRACE_MIN=60, SUPERVISION_DWELL_MIN=10, SUPERVISION_STOP_KMH=5, SUPERVISION_JUMP_KMH=250,
 * SUPERVISION_JUMP_MIN_M=2000; overnight parking and terminal silence (#18): SUPERVISION_OVERNIGHT_AT=23:00,
 * SUPERVISION_OFFLINE_H=24.
 */
export function loadRuleSettings(env: Readonly<Record<string, string | undefined>>): RuleSettings {
  const s = { ...DEFAULT_RULE_SETTINGS };
  const hours = env.SUPERVISION_WORK_HOURS;
  if (hours) {
    const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(hours);
    if (!m) throw new Error(`SUPERVISION_WORK_HOURS must read HH:MM-HH:MM, got "${hours}"`);
    s.workStartMin = Number(m[1]) * 60 + Number(m[2]);
    s.workEndMin = Number(m[3]) * 60 + Number(m[4]);
    if (s.workStartMin >= s.workEndMin || s.workEndMin > 24 * 60) throw new Error(`SUPERVISION_WORK_HOURS: the start must be before the end, got "${hours}"`);
  }
  if (env.SUPERVISION_EXPIRY_STAGES) {
    const stages = env.SUPERVISION_EXPIRY_STAGES.split(',').map(Number);
    if (!stages.length || stages.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`SUPERVISION_EXPIRY_STAGES must be positive day counts, got "${env.SUPERVISION_EXPIRY_STAGES}"`);
    s.expiryStages = [...new Set(stages)].sort((a, b) => b - a);
  }
  const int = (name: string, min: number): number | null => {
    const raw = env[name];
    if (raw == null || raw === '') return null;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  s.movementMinKmh = int('SUPERVISION_MOVEMENT_MIN_KMH', 1) ?? s.movementMinKmh;
  s.movementFreshMs = (int('SUPERVISION_MOVEMENT_FRESH_S', 10) ?? s.movementFreshMs / 1000) * 1000;
  s.repeatWindowDays = int('SUPERVISION_REPEAT_DAYS', 1) ?? s.repeatWindowDays;
  // Trips that supervise themselves (trip-watch.rules.ts).
  const w = { ...s.watch };
  w.corridorBufferM = int('SUPERVISION_CORRIDOR_BUFFER_M', 50) ?? w.corridorBufferM;
  w.returnGraceMin = int('SUPERVISION_RETURN_GRACE_MIN', 0) ?? w.returnGraceMin;
  w.earlyGraceMin = int('SUPERVISION_EARLY_GRACE_MIN', 0) ?? w.earlyGraceMin;
  w.dwellMin = int('SUPERVISION_DWELL_MIN', 2) ?? w.dwellMin;
  w.stopKmh = int('SUPERVISION_STOP_KMH', 1) ?? w.stopKmh;
  w.jumpKmh = int('SUPERVISION_JUMP_KMH', 150) ?? w.jumpKmh;
  w.jumpMinM = int('SUPERVISION_JUMP_MIN_M', 100) ?? w.jumpMinM;
  if (env.SUPERVISION_ROAD_FACTOR) {
    const f = Number(env.SUPERVISION_ROAD_FACTOR);
    if (!Number.isFinite(f) || f < 1 || f > 3) throw new Error(`SUPERVISION_ROAD_FACTOR must be a number between 1 and 3, got "${env.SUPERVISION_ROAD_FACTOR}"`);
    w.roadFactor = f;
  }
  s.watch = w;
  const overnight = env.SUPERVISION_OVERNIGHT_AT;
  if (overnight) {
    const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(overnight);
    if (!m) throw new Error(`SUPERVISION_OVERNIGHT_AT must read HH:MM, got "${overnight}"`);
    s.overnightAtMin = Number(m[1]) * 60 + Number(m[2]);
  }
  s.offlineAfterMs = (int('SUPERVISION_OFFLINE_H', 1) ?? s.offlineAfterMs / 3600_000) * 3600_000;
  return s;
}

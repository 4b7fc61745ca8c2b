import { DEFAULT_RULE_SETTINGS, type RuleSettings } from './supervision.rules';

/**
 * The rules' thresholds from the environment, validated once (README「监管预警」):
 * SUPERVISION_WORK_HOURS=08:00-18:00, SUPERVISION_EXPIRY_STAGES=30,15,7, SUPERVISION_MOVEMENT_MIN_KMH=10,
 * SUPERVISION_MOVEMENT_FRESH_S=120, SUPERVISION_REPEAT_DAYS=30.
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
  return s;
}

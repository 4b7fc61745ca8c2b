/**
 * The audit trail as the platform sees it (#19 item 2): what one significant action leaves behind —
 * who, what, which object, when, from where and the outcome. The audit module keeps the entries
 * (append-only, SM3-chained); the platform only hands them over, so it knows no module.
 */
export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntryInput {
  at: Date;
  actorUserId: number | null;
  actorName: string | null;
  actorRoles: string[];
  /** The actor's unit and region, for auditors' scope; null for an anonymous caller. */
  unitId: number | null;
  regionCode: string | null;
  /** Stable action key, e.g. `POST /api/trips/:id/approve`, or a named one such as `auth.sign-in`. */
  action: string;
  /** The action in words (the route's summary). */
  label: string;
  objectType: string | null;
  objectId: string | null;
  ip: string;
  outcome: AuditOutcome;
  status: number;
  requestId: string;
  /** A short code of why it failed, when it did. */
  errorCode: string | null;
}

export interface AuditSink {
  record(entry: AuditEntryInput): Promise<void>;
}

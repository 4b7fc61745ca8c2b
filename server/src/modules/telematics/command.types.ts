/** Messages between the command service (API process) and the gateway worker holding a terminal. */
export type CommandKind = 'lock' | 'unlock' | 'locate' | 'track';
export type CommandState = 'pending' | 'sent' | 'acknowledged' | 'confirmed' | 'failed' | 'expired';
export const FINAL_STATES: ReadonlySet<CommandState> = new Set(['confirmed', 'failed', 'expired']);

export interface TrackingParams {
  intervalS: number;
  validityS: number;
}

export interface DownlinkRequest {
  type: 'command';
  commandId: string;
  vehicleId: number;
  connId: string;
  kind: CommandKind;
  tracking?: TrackingParams;
  /** Epoch ms after which the command is expired whatever the resend schedule says. */
  deadlineAt: number;
  /** T(1) of the resend schedule; T(n+1) = T(n) × (n+1). */
  firstTimeoutMs: number;
  retries: number;
}

export interface KickRequest {
  type: 'kick';
  vehicleId: number;
  connId: string;
}

export type WorkerRequest = DownlinkRequest | KickRequest;

export interface CommandProgress {
  commandId: string;
  state: Exclude<CommandState, 'pending'>;
  at: number;
  attempts: number;
  code?: string;
  message?: string;
  lockState?: 'locked' | 'unlocked';
  location?: { latE6: number; lonE6: number; gpsTime: string };
}

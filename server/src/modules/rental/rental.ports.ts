import type { TerminalFix } from '../../platform/handover-evidence';
import type { Actor } from '../../platform/data-scope';

/** What rental asks of telematics (the command service and latest positions), as the composition root adapts it. */
export interface RentalTerminals {
  /** Unlock or lock through the command service; resolves with the outcome known after waiting. */
  command(vehicleId: number, kind: 'unlock' | 'lock', requestedBy: number): Promise<{ state: string; final: boolean; lockState: 'locked' | 'unlocked' | null; failure: { code: string; message: string } | null }>;
  /** Latest known position and status bits per vehicle (WGS-84), online or not. */
  latest(vehicleIds: number[]): Promise<Map<number, CarFix>>;
  /** Latest odometer reading per vehicle, 0.1 km. */
  odometers(vehicleIds: number[]): Promise<Map<number, number>>;
  /** Latest fuel level per vehicle whose terminal reports one, 0.1 L (kept with handover photos). */
  fuelLevels(vehicleIds: number[]): Promise<Map<number, number>>;
}
export type CarFix = TerminalFix;

/** The fleet vehicle a time-share car is (fleet's service). */
export interface RentalVehicles {
  vehicle(id: number): Promise<{ id: number; plate: string; model: string; seats: number; ownerUnitId: number; hasTerminal: boolean } | null>;
}

/** The renter (identity's service). */
export interface RentalPeople {
  user(userId: number): Promise<{ id: number; name: string; unitId: number } | null>;
  openid(userId: number): Promise<string | null>;
  /** Locks the user for the rest of the caller's transaction, so one user's reservations queue. */
  lock(userId: number): Promise<void>;
}

/** The approved task an official rental is for (trips' service, within the actor's scope). */
export interface RentalTasks {
  task(actor: Actor, tripId: number): Promise<{ id: number; applicantId: number; status: string; purpose: string } | null>;
}

/** WeChat Pay and the deposit (payments' services). */
export interface RentalPayments {
  depositPaid(actor: Actor): Promise<boolean>;
  start(input: { payerUserId: number; payerOpenid: string; amountFen: number; description: string; sourceId: string; lockSource: () => Promise<void> }): Promise<{ outTradeNo: string; payParams: Record<string, string> }>;
  fakeWechatPayBaseUrl: string | null;
}

/** 免押 through 微信支付分 (payments' PayScoreService): one service order per rental, `rental-<id>`. */
export interface RentalPayScore {
  readonly enabled: boolean;
  /** The risk fund: the deposit the service order stands in for. */
  readonly riskFundFen: number;
  start(input: { payerUserId: number; payerOpenid: string; sourceKind: string; sourceId: string; introduction: string; riskFundFen: number; startTime: Date; startLocation: string }): Promise<unknown>;
  complete(sourceKind: string, sourceId: string, input: { items: Array<{ name: string; amountFen: number; description: string }>; totalFen: number; endTime: Date; endLocation: string }): Promise<unknown>;
  cancel(sourceKind: string, sourceId: string, reason: string): Promise<unknown>;
}

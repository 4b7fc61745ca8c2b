import { EntitySchema } from 'typeorm';
import { PII_COLUMN_LENGTH, piiColumn } from '../../platform/crypto/pii';
import { evidenceColumns, type EvidenceRecord } from '../../platform/handover-evidence';
import type { CarStatus, ClaimStatus, HandoverStage, RentalPayWith, RentalPaymentState, RentalPurpose, RentalStatus } from '@shared/rental/rental.schemas';

export interface StationRow {
  id: number; companyId: number; name: string; address: string; lat: number; lng: number;
  /** The fence as JSON (rental.schemas fenceSchema), WGS-84. */
  fence: string; acceptsReturns: boolean; createdAt: Date;
}
export interface PlanRow {
  id: number; companyId: number; name: string; timeUnit: 'minute' | 'hour'; dayRateFen: number; nightRateFen: number | null;
  nightStartMinute: number; nightEndMinute: number; perKmFen: number; dailyCapFen: number | null; minChargeFen: number;
}
export interface CarRow {
  id: number; vehicleId: number; companyId: number; stationId: number; planId: number; plate: string; model: string; seats: number;
  batteryPct: number; rangeKm: number; status: CarStatus;
}
export interface RentalRow {
  id: number; userId: number; userName: string; unitId: number; companyId: number; carId: number; vehicleId: number;
  purpose: RentalPurpose; tripId: number | null; status: RentalStatus;
  /** userId while the rental is open, else null: a unique key, so a user holds at most one open rental. */
  openUserKey: number | null;
  /** carId while the rental is open, else null: one open rental per car. */
  openCarKey: number | null;
  reservedAt: Date; holdUntil: Date; startedAt: Date | null; endedAt: Date | null;
  startOdometerHm: number | null; endOdometerHm: number | null; amountFen: number | null;
  /** The price breakdown as JSON (rental.schemas priceBreakdownSchema). */
  price: string | null; payment: RentalPaymentState; outTradeNo: string | null; returnStationId: number | null; note: string | null;
  /** Personal use: paid per rental through WeChat Pay, or 免押 through 微信支付分 (#21). */
  payWith: RentalPayWith;
}
/** A photo of one side of the car at a handover, with the terminal's state at that moment (#21 item 2). */
export interface EvidenceRow extends EvidenceRecord {
  id: number; rentalId: number; stage: HandoverStage;
}
/** A damage claim by the company: items and amounts, the evidence it points at, the user's appeal window. */
export interface ClaimRow {
  id: number; rentalId: number; companyId: number; userId: number; unitId: number; purpose: RentalPurpose; description: string;
  /** Evidence ids as JSON. */
  evidenceIds: string;
  /** [{ name, amountFen }] as JSON. */
  items: string;
  amountFen: number; status: ClaimStatus; appealDeadline: Date; appealReason: string | null; appealedAt: Date | null;
  decisionNote: string | null; decidedBy: number | null; decidedAt: Date | null; chargedAt: Date | null; chargeRef: string | null;
  createdBy: number; createdAt: Date;
}
export interface FaultRow {
  id: number; rentalId: number; companyId: number; userId: number; description: string; photos: string;
  status: 'open' | 'ended_without_charge' | 'rejected'; comment: string; createdAt: Date; decidedAt: Date | null; decidedBy: number | null;
}
export interface LicenceRow { userId: number; licenceNo: string; licenceClass: string; expiresOn: string; updatedAt: Date }

const id = { type: 'integer' as const, primary: true, generated: 'increment' as const };
const int = (name: string, nullable = false) => ({ name, type: 'integer' as const, nullable });
const str = (name: string, length: number, nullable = false) => ({ name, type: 'varchar' as const, length, nullable });
const at = (name: string, nullable = false) => ({ name, type: 'datetime' as const, precision: 3, nullable });

export const StationEntity = new EntitySchema<StationRow>({
  name: 'RentalStation', tableName: 'rental_station',
  columns: {
    id, companyId: int('company_id'), name: str('name', 64), address: str('address', 128), lat: { name: 'lat', type: 'double' }, lng: { name: 'lng', type: 'double' },
    fence: { name: 'fence', type: 'text' }, acceptsReturns: { name: 'accepts_returns', type: 'boolean' }, createdAt: at('created_at'),
  },
});
export const PlanEntity = new EntitySchema<PlanRow>({
  name: 'RentalPlan', tableName: 'rental_plan',
  columns: {
    id, companyId: int('company_id'), name: str('name', 64), timeUnit: str('time_unit', 8) as never, dayRateFen: int('day_rate_fen'),
    nightRateFen: int('night_rate_fen', true), nightStartMinute: int('night_start_minute'), nightEndMinute: int('night_end_minute'),
    perKmFen: int('per_km_fen'), dailyCapFen: int('daily_cap_fen', true), minChargeFen: int('min_charge_fen'),
  },
});
export const CarEntity = new EntitySchema<CarRow>({
  name: 'RentalCar', tableName: 'rental_car',
  columns: {
    id, vehicleId: int('vehicle_id'), companyId: int('company_id'), stationId: int('station_id'), planId: int('plan_id'),
    plate: str('plate', 16), model: str('model', 64), seats: int('seats'), batteryPct: int('battery_pct'), rangeKm: int('range_km'),
    status: str('status', 16) as never,
  },
});
export const RentalEntity = new EntitySchema<RentalRow>({
  name: 'Rental', tableName: 'rental',
  columns: {
    id, userId: int('user_id'), userName: str('user_name', 32), unitId: int('unit_id'), companyId: int('company_id'), carId: int('car_id'),
    vehicleId: int('vehicle_id'), purpose: str('purpose', 16) as never, tripId: int('trip_id', true), status: str('status', 16) as never,
    openUserKey: int('open_user_key', true), openCarKey: int('open_car_key', true),
    reservedAt: at('reserved_at'), holdUntil: at('hold_until'), startedAt: at('started_at', true), endedAt: at('ended_at', true),
    startOdometerHm: int('start_odometer_hm', true), endOdometerHm: int('end_odometer_hm', true), amountFen: int('amount_fen', true),
    price: { name: 'price', type: 'text', nullable: true }, payment: str('payment', 16) as never, outTradeNo: str('out_trade_no', 32, true),
    returnStationId: int('return_station_id', true), note: str('note', 255, true), payWith: { name: 'pay_with', type: 'varchar', length: 16, default: 'wechat_pay' } as never,
  },
});
export const EvidenceEntity = new EntitySchema<EvidenceRow>({
  name: 'RentalEvidence', tableName: 'rental_evidence',
  columns: {
    id, rentalId: int('rental_id'), stage: str('stage', 8) as never, ...evidenceColumns,
  },
});
export const ClaimEntity = new EntitySchema<ClaimRow>({
  name: 'RentalDamageClaim', tableName: 'rental_damage_claim',
  columns: {
    id, rentalId: int('rental_id'), companyId: int('company_id'), userId: int('user_id'), unitId: int('unit_id'), purpose: str('purpose', 16) as never,
    description: str('description', 500), evidenceIds: str('evidence_ids', 255), items: { name: 'items', type: 'text' }, amountFen: int('amount_fen'),
    status: str('status', 16) as never, appealDeadline: at('appeal_deadline'), appealReason: str('appeal_reason', 500, true), appealedAt: at('appealed_at', true),
    decisionNote: str('decision_note', 200, true), decidedBy: int('decided_by', true), decidedAt: at('decided_at', true), chargedAt: at('charged_at', true),
    chargeRef: str('charge_ref', 40, true), createdBy: int('created_by'), createdAt: at('created_at'),
  },
});
export const FaultEntity = new EntitySchema<FaultRow>({
  name: 'RentalFault', tableName: 'rental_fault',
  columns: {
    id, rentalId: int('rental_id'), companyId: int('company_id'), userId: int('user_id'), description: str('description', 500),
    photos: { name: 'photos', type: 'text' }, status: str('status', 24) as never, comment: str('comment', 200), createdAt: at('created_at'),
    decidedAt: at('decided_at', true), decidedBy: int('decided_by', true),
  },
});
export const LicenceEntity = new EntitySchema<LicenceRow>({
  name: 'RentalLicence', tableName: 'rental_licence',
  columns: {
    userId: { name: 'user_id', type: 'integer', primary: true }, licenceNo: { name: 'licence_no', type: 'varchar', length: PII_COLUMN_LENGTH, transformer: piiColumn }, licenceClass: str('licence_class', 8),
    expiresOn: str('expires_on', 10), updatedAt: at('updated_at'),
  },
});

export const RentalEntities = [StationEntity, PlanEntity, CarEntity, RentalEntity, FaultEntity, LicenceEntity, EvidenceEntity, ClaimEntity];

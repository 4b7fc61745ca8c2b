import { z } from 'zod';
import {
  carListSchema, carSchema, currentRentalSchema, faultListSchema, faultSchema, findCarsResponseSchema, licenceResponseSchema, licenceViewSchema,
  payRentalResponseSchema, planListSchema, planSchema, rentalListSchema, rentalSchema, stationListSchema, stationSchema,
  type CreatePlanInput, type CreateStationInput, type FaultReport, type LicenceInput, type LicenceView, type PricePlan, type Rental, type RentalCar,
  type ReserveInput, type Station, type UpdateCarInput,
  claimListSchema, claimSchema, handoverPhotoSchema, handoverSchema,
  type CarSide, type CreateClaimInput, type DamageClaim, type Handover, type HandoverPhoto, type HandoverStage,
} from '@shared/rental/rental.schemas';
import { http, uploadImage } from './http';

/** 分时租赁 (server/src/modules/rental/rental.routes.ts): the renter's flow and the company's side. */
export type FindCarsResponse = z.infer<typeof findCarsResponseSchema>;
export type PayRentalResponse = z.infer<typeof payRentalResponseSchema>;

export function findCars(q: { lat?: number; lng?: number; radiusM?: number; stationId?: number; distanceKm?: number }): Promise<FindCarsResponse> {
  return http.get('/api/rental/cars', findCarsResponseSchema, { silent: true, query: q });
}

export async function fetchCurrentRental(): Promise<Rental | null> {
  return (await http.get('/api/rental/rentals/current', currentRentalSchema, { silent: true })).rental;
}

export async function fetchMyRentals(): Promise<Rental[]> {
  return (await http.get('/api/rental/rentals', rentalListSchema, { silent: true })).items;
}

export function fetchRental(id: number): Promise<Rental> {
  return http.get(`/api/rental/rentals/${id}`, rentalSchema, { silent: true });
}

/** Reserve, unlock, lock, return and cancel answer refusals in the page itself (silent). */
export function reserveCar(input: ReserveInput): Promise<Rental> {
  return http.post('/api/rental/rentals', input, rentalSchema, { silent: true });
}

export function cancelRental(id: number): Promise<Rental> {
  return http.post(`/api/rental/rentals/${id}/cancel`, {}, rentalSchema, { silent: true });
}

export function unlockRental(id: number): Promise<Rental> {
  return http.post(`/api/rental/rentals/${id}/unlock`, {}, rentalSchema, { silent: true });
}

export function lockRental(id: number): Promise<Rental> {
  return http.post(`/api/rental/rentals/${id}/lock`, {}, rentalSchema, { silent: true });
}

export function returnRental(id: number): Promise<Rental> {
  return http.post(`/api/rental/rentals/${id}/return`, {}, rentalSchema, { silent: true });
}

export function payRental(id: number): Promise<PayRentalResponse> {
  return http.post(`/api/rental/rentals/${id}/pay`, {}, payRentalResponseSchema, { silent: true });
}

export function reportFault(id: number, description: string): Promise<FaultReport> {
  return http.post(`/api/rental/rentals/${id}/faults`, { description, photos: [] }, faultSchema, { silent: true });
}

export async function fetchLicence(): Promise<LicenceView | null> {
  return (await http.get('/api/rental/licence', licenceResponseSchema, { silent: true })).licence;
}

export function saveLicence(input: LicenceInput): Promise<LicenceView> {
  return http.put('/api/rental/licence', input, licenceViewSchema, { silent: true });
}

// The rental company's operator (租赁企业).
export async function fetchCompanyStations(): Promise<Station[]> {
  return (await http.get('/api/rental/company/stations', stationListSchema, { silent: true })).items;
}

export function createStation(input: CreateStationInput): Promise<Station> {
  return http.post('/api/rental/company/stations', input, stationSchema, { silent: true });
}

export async function fetchCompanyPlans(): Promise<PricePlan[]> {
  return (await http.get('/api/rental/company/plans', planListSchema, { silent: true })).items;
}

export function createPlan(input: CreatePlanInput): Promise<PricePlan> {
  return http.post('/api/rental/company/plans', input, planSchema, { silent: true });
}

export async function fetchCompanyCars(): Promise<RentalCar[]> {
  return (await http.get('/api/rental/company/cars', carListSchema, { silent: true })).items;
}

export function updateCompanyCar(id: number, input: UpdateCarInput): Promise<RentalCar> {
  return http.patch(`/api/rental/company/cars/${id}`, input, carSchema, { silent: true });
}

export async function fetchCompanyRentals(): Promise<Rental[]> {
  return (await http.get('/api/rental/company/rentals', rentalListSchema, { silent: true })).items;
}

export function closeCompanyRental(id: number, note: string): Promise<Rental> {
  return http.post(`/api/rental/company/rentals/${id}/close`, { note }, rentalSchema, { silent: true });
}

export async function fetchCompanyFaults(): Promise<FaultReport[]> {
  return (await http.get('/api/rental/company/faults', faultListSchema, { silent: true })).items;
}

export function decideFault(id: number, endWithoutCharge: boolean, comment: string): Promise<FaultReport> {
  return http.post(`/api/rental/company/faults/${id}/decide`, { endWithoutCharge, comment }, faultSchema, { silent: true });
}

/** 交接车照片: one side of the car at 取车 (start) or 还车 (end), with the terminal's state recorded by the server. */
export function uploadHandoverPhoto(rentalId: number, stage: HandoverStage, side: CarSide, filePath: string): Promise<HandoverPhoto> {
  return uploadImage(`/api/rental/rentals/${rentalId}/handover/${stage}/${side}`, {}, filePath, handoverPhotoSchema);
}

export function fetchHandover(rentalId: number): Promise<Handover> {
  return http.get(`/api/rental/rentals/${rentalId}/handover`, handoverSchema, { silent: true });
}

/** 车损索赔: mine (to appeal), the company's (to file). */
export async function fetchMyClaims(): Promise<DamageClaim[]> {
  return (await http.get('/api/rental/claims', claimListSchema, { silent: true })).items;
}

export function appealClaim(id: number, reason: string): Promise<DamageClaim> {
  return http.post(`/api/rental/claims/${id}/appeal`, { reason }, claimSchema, { silent: true });
}

export async function fetchCompanyClaims(): Promise<DamageClaim[]> {
  return (await http.get('/api/rental/company/claims', claimListSchema, { silent: true })).items;
}

export function createClaim(rentalId: number, input: CreateClaimInput): Promise<DamageClaim> {
  return http.post(`/api/rental/company/rentals/${rentalId}/claims`, input, claimSchema, { silent: true });
}

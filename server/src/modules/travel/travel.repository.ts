import { In } from 'typeorm';
import type { Database } from '../../platform/db/database';
import type { Scope } from '../../platform/data-scope';
import {
  TravelCardPaymentEntity, TravelEntity, TravelInvoiceEntity, TravelLegEntity, TravelLinkEntity, TravelTravellerEntity,
  type TravelCardPaymentRow, type TravelInvoiceRow, type TravelLegRow, type TravelLinkRow, type TravelRow,
} from './travel.entity';

/** The only ORM code of the 出差 record; inside a unit of work every call joins it. */
export class TravelRepository {
  constructor(private readonly db: Database) {}

  private get em() { return this.db.manager; }

  async insert(row: Omit<TravelRow, 'id'>, legs: Array<Omit<TravelLegRow, 'travelId'>>, travellerIds: number[]): Promise<TravelRow> {
    const saved = await this.em.save(TravelEntity, this.em.create(TravelEntity, row));
    await this.em.insert(TravelLegEntity, legs.map((l) => ({ ...l, travelId: saved.id })));
    await this.em.insert(TravelTravellerEntity, travellerIds.map((userId) => ({ travelId: saved.id, userId })));
    return saved;
  }

  find(id: number, lock = false): Promise<TravelRow | null> {
    return this.em.findOne(TravelEntity, { where: { id }, ...(lock && this.db.writeLock ? { lock: this.db.writeLock } : {}) });
  }

  async update(id: number, patch: Partial<TravelRow>): Promise<void> { await this.em.update(TravelEntity, { id }, patch); }

  legs(travelIds: number[]): Promise<TravelLegRow[]> {
    return travelIds.length ? this.em.find(TravelLegEntity, { where: { travelId: In(travelIds) }, order: { travelId: 'ASC', seq: 'ASC' } }) : Promise.resolve([]);
  }

  async travellers(travelIds: number[]): Promise<Map<number, number[]>> {
    const rows = travelIds.length ? await this.em.find(TravelTravellerEntity, { where: { travelId: In(travelIds) } }) : [];
    const out = new Map<number, number[]>();
    for (const r of rows) out.set(r.travelId, [...(out.get(r.travelId) ?? []), r.userId]);
    return out;
  }

  /** Records I applied for or travel on, newest first. */
  async mine(userId: number): Promise<TravelRow[]> {
    const ids = (await this.em.find(TravelTravellerEntity, { where: { userId } })).map((r) => r.travelId);
    return ids.length ? this.em.find(TravelEntity, { where: { id: In(ids) }, order: { id: 'DESC' }, take: 100 }) : [];
  }

  /** Approved records within a finance scope, newest first. */
  inScope(scope: Scope): Promise<TravelRow[]> {
    const q = this.em.createQueryBuilder(TravelEntity, 't').where('t.status = :status', { status: 'approved' });
    if (!scope.all) {
      const parts: string[] = [];
      const params: Record<string, unknown> = {};
      if (scope.unitIds.length) { parts.push('t.unitId IN (:...unitIds)'); params.unitIds = scope.unitIds; }
      scope.regionPrefixes.forEach((p, i) => { parts.push(`t.regionCode LIKE :p${i}`); params[`p${i}`] = `${p}%`; });
      if (!parts.length) return Promise.resolve([]);
      q.andWhere(`(${parts.join(' OR ')})`, params);
    }
    return q.orderBy('t.id', 'DESC').take(200).getMany();
  }

  invoices(travelId: number): Promise<TravelInvoiceRow[]> { return this.em.find(TravelInvoiceEntity, { where: { travelId }, order: { id: 'ASC' } }); }
  invoiceByKey(invoiceKey: string): Promise<TravelInvoiceRow | null> { return this.em.findOne(TravelInvoiceEntity, { where: { invoiceKey } }); }
  insertInvoice(row: Omit<TravelInvoiceRow, 'id'>): Promise<TravelInvoiceRow> { return this.em.save(TravelInvoiceEntity, this.em.create(TravelInvoiceEntity, row)); }

  cardPayments(travelId: number): Promise<TravelCardPaymentRow[]> { return this.em.find(TravelCardPaymentEntity, { where: { travelId }, order: { paidAt: 'ASC', id: 'ASC' } }); }
  cardPaymentByKey(paymentKey: string): Promise<TravelCardPaymentRow | null> { return this.em.findOne(TravelCardPaymentEntity, { where: { paymentKey } }); }
  insertCardPayment(row: Omit<TravelCardPaymentRow, 'id'>): Promise<TravelCardPaymentRow> { return this.em.save(TravelCardPaymentEntity, this.em.create(TravelCardPaymentEntity, row)); }
  async matchCardPayment(id: number, costKey: string): Promise<void> { await this.em.update(TravelCardPaymentEntity, { id }, { matchedCostKey: costKey }); }

  links(travelId: number): Promise<TravelLinkRow[]> { return this.em.find(TravelLinkEntity, { where: { travelId }, order: { legSeq: 'ASC', id: 'ASC' } }); }
  linkOf(kind: TravelLinkRow['kind'], subjectId: number): Promise<TravelLinkRow | null> { return this.em.findOne(TravelLinkEntity, { where: { kind, subjectId } }); }
  insertLink(row: Omit<TravelLinkRow, 'id'>): Promise<TravelLinkRow> { return this.em.save(TravelLinkEntity, this.em.create(TravelLinkEntity, row)); }
  async updateLink(id: number, patch: Partial<TravelLinkRow>): Promise<void> { await this.em.update(TravelLinkEntity, { id }, patch); }
}

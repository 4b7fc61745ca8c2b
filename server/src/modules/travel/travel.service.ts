import { TravelErrorCode as E } from '@shared/travel/travel.schemas';
import {
  ALLOWANCES, invoiceCategoryLabel, invoiceFieldsSchema, legTransportLabel, travelServiceLabel, travelStatusLabel,
  type ApplyTravelInput, type AttachInvoiceInput, type CardPaymentInput, type InvoiceFields, type TravelCost, type TravelLink, type TravelRecord,
  type TravelService as TravelServiceKind, type TravelSummary,
} from '@shared/travel/travel.schemas';
import { formatYuan } from '@shared/common/money';
import { formatShanghai, shanghaiDate } from '@shared/common/time';
import type { Reservation } from '@shared/reservations/reservations.schemas';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { isDuplicateKey } from '../../platform/db/db-errors';
import { canExportTravel, canReadTravel, financeScope, isTravelParty, travelScopeNeedsActorUnit, type RequestActor } from '../../platform/access';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';
import type { ApprovalsService } from '../approvals';
import type { IdentityService } from '../identity';
import type { NotificationsService } from '../notifications';
import type { ReservationsService, StandardsService } from '../reservations';
import type { TravelRepository } from './travel.repository';
import type { TravelCardPaymentRow, TravelInvoiceRow, TravelLegRow, TravelRow } from './travel.entity';
import { linkCost, linkView } from './travel.rules';
import { cardPaymentKeyOf, invoiceKeyOf, parseCardStatement, parseEInvoiceXml, parsePaidAt, yuanToFen } from './einvoice';

export interface TravelDeps {
  db: Database; repo: TravelRepository; clock: Clock; approvals: ApprovalsService; identity: IdentityService; notifications: NotificationsService;
  reservations: ReservationsService; standards: StandardsService;
}

export type Loaded = { row: TravelRow; legs: TravelLegRow[]; travellerIds: number[] };
const DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY) + 1;

/** What a record authorises: the legs' cars and tickets, the hotel, the reception. */
export function servicesOf(row: Pick<TravelRow, 'hotel' | 'guests'>, legs: Array<Pick<TravelLegRow, 'transport'>>): TravelServiceKind[] {
  const s = new Set<TravelServiceKind>();
  for (const l of legs) {
    if (l.transport === 'official_car') s.add('official_car');
    if (l.transport === 'nev') s.add('nev');
    if (l.transport === 'train' || l.transport === 'air') s.add('ticket');
  }
  if (row.hotel) s.add('hotel');
  if (row.guests != null) s.add('dining');
  return (['official_car', 'nev', 'hotel', 'dining', 'ticket'] as const).filter((k) => s.has(k));
}

/**
 * One business-trip record (出差): applied for with its legs and travellers and decided in the approval
 * center (kind travel); bookings under it are reservations' (read back through its service), invoices
 * (de-duplicated across every record by their key) and 公务卡 payments are its own; the record puts
 * every cost beside its standard and sums it for reimbursement.
 */
export class TravelService {
  constructor(private readonly d: TravelDeps) {}

  // ---- apply ----

  async apply(actor: RequestActor, input: ApplyTravelInput): Promise<TravelRecord> {
    const applicant = await this.d.identity.userById(actor.userId);
    if (!applicant) throw new NotFoundError(E.TRAVEL_NOT_FOUND, `用户 ${actor.userId} 不存在`);
    const companionIds = [...new Set(input.companionIds.filter((id) => id !== actor.userId))];
    const companions = await this.d.identity.usersByIds(companionIds);
    for (const id of companionIds) {
      const u = companions.find((c) => c.id === id);
      if (!u || u.unitId !== actor.unitId) throw new ValidationError(E.TRAVEL_INVALID, `同行人员 ${id} 不是本单位人员`);
    }
    const today = shanghaiDate(this.d.clock.now());
    const startDate = input.legs[0]!.departOn;
    const endDate = input.legs.reduce((m, l) => (l.arriveOn > m ? l.arriveOn : m), startDate);
    if (startDate < today) throw new ValidationError(E.TRAVEL_INVALID, `出发日期 ${startDate} 已过`);
    if (daysBetween(startDate, endDate) > 60) throw new ValidationError(E.TRAVEL_INVALID, '单次出差最长 60 天');
    const now = this.d.clock.now();
    const id = await this.d.db.transaction(async () => {
      const row = await this.d.repo.insert({
        unitId: actor.unitId, regionCode: applicant.regionCode, applicantId: actor.userId, purpose: input.purpose, status: 'pending', startDate, endDate, hotel: input.hotel,
        letterFrom: input.reception?.letterFrom ?? null, letterNo: input.reception?.letterNo ?? null, guests: input.reception?.guests ?? null, hosts: input.reception?.hosts ?? null,
        createdAt: now, updatedAt: now,
      }, input.legs.map((l, i) => ({ ...l, seq: i + 1 })), [actor.userId, ...companionIds]);
      const services = servicesOf(row, input.legs);
      const notices = await this.d.approvals.submitWithNotices({
        kind: 'travel', variant: 'default', subjectId: row.id, unitId: row.unitId, regionCode: row.regionCode, applicantId: actor.userId, applicantName: actor.name,
        title: `出差：${input.purpose}`.slice(0, 200),
        summary: `${input.legs.map((l) => `${l.departOn} ${l.fromPlace}—${l.toPlace}（${legTransportLabel[l.transport]}）`).join('；')}；${1 + companionIds.length} 人；申请：${services.map((s) => travelServiceLabel[s]).join('、')}${input.reception ? `；接待公函 ${input.reception.letterFrom} ${input.reception.letterNo}，${input.reception.guests + input.reception.hosts} 人用餐` : ''}`.slice(0, 500),
        amountFen: null,
      }, { userId: actor.userId, name: actor.name }, { newSubject: true });
      await this.d.notifications.record(notices);
      return row.id;
    });
    return this.record(actor, id);
  }

  /** The approval center's decision (inside its transaction): the record follows it; its party is told. */
  async decided(travelId: number, outcome: 'approved' | 'rejected' | 'returned', comment: string) {
    const row = await this.d.repo.find(travelId, true);
    if (!row || row.status !== 'pending') return [];
    await this.d.repo.update(row.id, { status: outcome, updatedAt: this.d.clock.now() });
    const travellers = (await this.d.repo.travellers([row.id])).get(row.id) ?? [row.applicantId];
    const text = outcome === 'approved' ? '已批准，可在记录中预订酒店、用餐和车票' : `${travelStatusLabel[outcome]}：${comment}`;
    return [{ userIds: travellers, family: 'tripStatus' as const, title: `出差申请${travelStatusLabel[outcome]}`, body: `${row.purpose}：${text}`.slice(0, 200), page: `/travel/detail?id=${row.id}` }];
  }

  // ---- reads ----

  private async load(id: number, lock = false): Promise<Loaded | null> {
    const row = await this.d.repo.find(id, lock);
    if (!row) return null;
    return { row, legs: await this.d.repo.legs([id]), travellerIds: (await this.d.repo.travellers([id])).get(id) ?? [] };
  }

  private async actorUnit(actor: RequestActor) {
    return travelScopeNeedsActorUnit(actor) ? await this.d.identity.unitById(actor.unitId) : null;
  }

  /** The record if the actor may read it, else 404 (as if missing). */
  async visible(actor: RequestActor, id: number, lock = false): Promise<Loaded> {
    const t = await this.load(id, lock);
    if (!t || !canReadTravel(actor, { ...t.row, travellerIds: t.travellerIds }, await this.actorUnit(actor))) throw new NotFoundError(E.TRAVEL_NOT_FOUND, `出差记录 ${id} 不存在`);
    return t;
  }

  /** The record if the actor is its applicant or a traveller (403 for another reader, 404 out of sight). */
  async party(actor: RequestActor, id: number, lock = false): Promise<Loaded> {
    const t = await this.visible(actor, id, lock);
    if (!isTravelParty(actor, { ...t.row, travellerIds: t.travellerIds })) throw new ForbiddenError(E.TRAVEL_STATE_CONFLICT, `只有出差人员可以办理出差记录 ${id}`);
    return t;
  }

  async list(actor: RequestActor, box: 'mine' | 'finance'): Promise<{ items: TravelSummary[] }> {
    let rows: TravelRow[];
    if (box === 'finance') {
      if (!travelScopeNeedsActorUnit(actor)) throw new ForbiddenError(E.TRAVEL_STATE_CONFLICT, '只有财务人员可以查看待报销的出差记录');
      rows = await this.d.repo.inScope(financeScope(actor, await this.actorUnit(actor), 'finance'));
    } else rows = await this.d.repo.mine(actor.userId);
    const legs = await this.d.repo.legs(rows.map((r) => r.id));
    const travellers = await this.d.repo.travellers(rows.map((r) => r.id));
    return { items: await this.summaries(rows.map((row) => ({ row, legs: legs.filter((l) => l.travelId === row.id), travellerIds: travellers.get(row.id) ?? [] }))) };
  }

  private async summaries(list: Loaded[]): Promise<TravelSummary[]> {
    const users = new Map((await this.d.identity.usersByIds([...new Set(list.flatMap((t) => [t.row.applicantId, ...t.travellerIds]))])).map((u) => [u.id, u.name]));
    const units = new Map((await this.d.identity.unitsByIds([...new Set(list.map((t) => t.row.unitId))])).map((u) => [u.id, u.name]));
    return list.map(({ row, legs, travellerIds }) => {
      const services = servicesOf(row, legs);
      return {
        id: row.id, purpose: row.purpose, status: row.status, statusLabel: travelStatusLabel[row.status], applicantId: row.applicantId, applicantName: users.get(row.applicantId) ?? '',
        unitId: row.unitId, unitName: units.get(row.unitId) ?? '', startDate: row.startDate, endDate: row.endDate, days: daysBetween(row.startDate, row.endDate),
        legs: legs.map((l) => ({ seq: l.seq, departOn: l.departOn, arriveOn: l.arriveOn, fromPlace: l.fromPlace, toPlace: l.toPlace, toRegionCode: l.toRegionCode, transport: l.transport, transportLabel: legTransportLabel[l.transport] })),
        travellers: travellerIds.map((userId) => ({ userId, name: users.get(userId) ?? '' })),
        services, serviceLabels: services.map((s) => travelServiceLabel[s]),
        reception: row.guests != null ? { letterFrom: row.letterFrom ?? '', letterNo: row.letterNo ?? '', guests: row.guests, hosts: row.hosts ?? 0 } : null,
        createdAt: new Date(row.createdAt).toISOString(),
      };
    });
  }

  /** The one record: legs, travellers, every cost with its standard, invoices, 公务卡 payments, sums. */
  async record(actor: RequestActor, id: number): Promise<TravelRecord> {
    return this.build(await this.visible(actor, id));
  }

  async exportable(actor: RequestActor, id: number): Promise<TravelRecord> {
    const t = await this.visible(actor, id);
    if (!canExportTravel(actor, { ...t.row, travellerIds: t.travellerIds }, await this.actorUnit(actor))) throw new ForbiddenError(E.TRAVEL_STATE_CONFLICT, `只有财务人员可以导出出差记录 ${id} 的报销单`);
    if (t.row.status !== 'approved') throw new ConflictError(E.TRAVEL_STATE_CONFLICT, `出差记录 ${id}${travelStatusLabel[t.row.status]}，批准后才能报销`);
    return this.build(t);
  }

  private async build(t: Loaded): Promise<TravelRecord> {
    const [summary] = await this.summaries([t]);
    const { costs, invoices, payments, rankLabel, links, bookings } = await this.costsOf(t);
    const users = new Map((await this.d.identity.usersByIds([...new Set(invoices.map((i) => i.submittedBy))])).map((u) => [u.id, u.name]));
    const costTitle = new Map(costs.map((c) => [c.key, c.title]));
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    const over = costs.filter((c) => !c.withinStandard);
    return {
      ...summary!, rankLabel, costs, links,
      tickets: bookings.filter((b) => b.kind === 'ticket' && b.fare).map((b) => ({
        reservationId: b.id, title: b.title, statusLabel: b.statusLabel, date: b.startDate, modeLabel: b.fare!.mode === 'air' ? '飞机' : '火车',
        priceFen: b.amountFen, procurementFen: b.fare!.procurementFen, fareKind: b.fare!.fareKind, fareKindLabel: b.fare!.fareKindLabel,
        paymentMethodLabel: b.fare!.paymentMethodLabel, priceRecord: b.fare!.priceRecord, standardText: b.standardText, overStandardRule: b.overStandardRule,
      })),
      invoices: invoices.map((i) => ({
        id: i.id, category: i.category, categoryLabel: invoiceCategoryLabel[i.category], reservationId: i.reservationId, invoiceCode: i.invoiceCode, invoiceNumber: i.invoiceNumber,
        electronic: i.invoiceNumber.length === 20, issuedOn: i.issuedOn, sellerName: i.sellerName, sellerTaxId: i.sellerTaxId, buyerTaxId: i.buyerTaxId,
        amountFen: i.amountFen, taxFen: i.taxFen, totalFen: i.amountFen + i.taxFen, nights: i.nights, source: i.source, submittedByName: users.get(i.submittedBy) ?? '', createdAt: new Date(i.createdAt).toISOString(),
      })),
      cardPayments: payments.map((p) => ({
        id: p.id, cardLast4: p.cardLast4, paidAt: new Date(p.paidAt).toISOString(), merchant: p.merchant, amountFen: p.amountFen, bankRef: p.bankRef, source: p.source,
        matchedCostKey: p.matchedCostKey, matchedCostTitle: p.matchedCostKey ? costTitle.get(p.matchedCostKey) ?? null : null,
      })),
      totals: {
        costFen: sum(costs.map((c) => c.amountFen)), overStandardFen: sum(over.map((c) => c.amountFen)), overStandardCount: over.length, personalFen: sum(costs.map((c) => c.personalFen)),
        invoiceTotalFen: sum(invoices.map((i) => i.amountFen + i.taxFen)), invoiceTaxFen: sum(invoices.map((i) => i.taxFen)),
        cardPaidFen: sum(payments.map((p) => p.amountFen)), cardUnmatchedCount: payments.filter((p) => !p.matchedCostKey).length,
        statementFen: sum(costs.filter((c) => c.paidBy === 'statement').map((c) => c.amountFen)),
        reimburseFen: sum(costs.filter((c) => c.paidBy === 'official_card' || c.paidBy === 'reimbursement').map((c) => c.amountFen)),
      },
    };
  }

  /**
   * Every cost of the record beside its standard: the bookings made under it (their standard and, above it,
   * the rule and its 超标准 approval), invoices not for a booking (住宿 against the lodging cap × nights at the
   * leg's destination, 接待 against the per-person cap × the 公函's diners, 市内交通 against its allowance),
   * and the per-day allowances (伙食补助、市内交通) for each traveller and day.
   */
  private async costsOf(t: Loaded): Promise<{ costs: TravelCost[]; invoices: TravelInvoiceRow[]; payments: TravelCardPaymentRow[]; rankLabel: string; links: TravelLink[]; bookings: Reservation[] }> {
    const { row, legs, travellerIds } = t;
    const bookings = (await this.d.reservations.forTravel(row.id)).filter((r) => !['rejected', 'cancelled', 'expired', 'failed', 'refused'].includes(r.status));
    const invoices = await this.d.repo.invoices(row.id);
    const payments = await this.d.repo.cardPayments(row.id);
    const approvals = await this.d.approvals.statusOfSubjects('over_standard', bookings.filter((b) => b.overStandardRule).map((b) => b.id));
    const paidByCard = new Map<string, number[]>();
    for (const p of payments) if (p.matchedCostKey) paidByCard.set(p.matchedCostKey, [...(paidByCard.get(p.matchedCostKey) ?? []), p.id]);
    const legAt = (date: string) => legs.find((l) => date >= l.departOn && date <= l.arriveOn) ?? legs[legs.length - 1]!;
    const std = async (date: string) => this.d.standards.forTraveller(row.applicantId, legAt(date).toRegionCode);
    const { rankLabel } = await std(row.startDate);
    const payLabel = { statement: '供应商月结（单位结算）', official_card: '公务卡支付', reimbursement: '报销给出差人', unpaid: '未支付' } as const;
    const costs: TravelCost[] = [];
    const invoicesOf = (key: string, rid: number | null) => invoices.filter((i) => (rid != null ? i.reservationId === rid : `invoice:${i.id}` === key)).map((i) => i.invoiceNumber);

    for (const b of bookings) {
      const key = `booking:${b.id}`;
      const approval = approvals.get(b.id) ?? null;
      const card = paidByCard.get(key) ?? [];
      costs.push({
        key, kind: 'booking', category: b.kind, categoryLabel: bookingCategory(b), title: b.title, date: b.startDate, amountFen: b.officialFen, personalFen: b.personalFen,
        standardText: b.standardText, standardFen: null, withinStandard: !b.overStandardRule, overStandardRule: b.overStandardRule,
        approval: approval ? { id: approval.id, status: approval.status, statusLabel: approval.statusLabel } : null, statusLabel: b.statusLabel,
        invoiceNumbers: invoicesOf(key, b.id), cardPaymentIds: card,
        // A ticket bought with the 公务卡 (air-fare rules) is repaid to the card, not on the agent's statement.
        paidBy: card.length || b.fare?.paymentMethod === 'official_card' ? 'official_card' : b.status === 'confirmed' ? 'statement' : 'unpaid', paidByLabel: '',
      });
    }
    const links = (await this.d.repo.links(row.id)).map((l) => linkView(l, legs));
    for (const v of links) {
      const c = linkCost(v, legs);
      if (c) costs.push(c);
    }
    for (const i of invoices.filter((x) => x.reservationId == null)) {
      const key = `invoice:${i.id}`;
      const total = i.amountFen + i.taxFen;
      const s = await std(i.issuedOn);
      let standardFen: number | null = null;
      let standardText = '据实报销';
      if (i.category === 'hotel' && s.lodging) { standardFen = s.lodging.capFen * i.nights; standardText = `标准 ${s.lodging.text} × ${i.nights} 晚 = ${formatYuan(standardFen)}（${s.lodging.source}）`; }
      if (i.category === 'dining' && s.reception && row.guests != null) {
        const diners = row.guests + (row.hosts ?? 0);
        standardFen = s.reception.perPersonCapFen * diners; standardText = `标准 ${s.reception.text} × ${diners} 人（公函 ${row.letterNo}）= ${formatYuan(standardFen)}`;
      }
      if (i.category === 'dining' && row.guests == null) { standardFen = 0; standardText = '本次出差未申请公务接待（无公函）'; }
      if (i.category === 'transport') { standardFen = ALLOWANCES.local.perDayFen * travellerIds.length * daysBetween(row.startDate, row.endDate); standardText = `市内交通费包干 ${formatYuan(ALLOWANCES.local.perDayFen)}/人·天（${ALLOWANCES.local.source}）`; }
      if (i.category === 'ticket') standardText = `乘坐标准 ${s.tickets}`;
      const within = standardFen == null || total <= standardFen;
      const card = paidByCard.get(key) ?? [];
      costs.push({
        key, kind: 'invoice', category: i.category, categoryLabel: invoiceCategoryLabel[i.category], title: `${i.sellerName}（发票 ${i.invoiceNumber}）`, date: i.issuedOn,
        amountFen: total, personalFen: 0, standardText, standardFen, withinStandard: within,
        overStandardRule: within ? null : `超出标准 ${formatYuan(total - standardFen!)}：${standardText}`, approval: null, statusLabel: '已提交发票',
        invoiceNumbers: [i.invoiceNumber], cardPaymentIds: card, paidBy: card.length ? 'official_card' : 'reimbursement', paidByLabel: '',
      });
    }
    const days = daysBetween(row.startDate, row.endDate);
    for (const [k, a] of Object.entries(ALLOWANCES)) {
      const amountFen = a.perDayFen * days * travellerIds.length;
      costs.push({
        key: `allowance:${k}`, kind: 'allowance', category: k, categoryLabel: a.label, title: `${a.label} ${travellerIds.length} 人 × ${days} 天`, date: row.startDate,
        amountFen, personalFen: 0, standardText: `标准 ${formatYuan(a.perDayFen)}/人·天（${a.source}）`, standardFen: amountFen, withinStandard: true, overStandardRule: null, approval: null,
        statusLabel: '按天包干', invoiceNumbers: [], cardPaymentIds: [], paidBy: 'reimbursement', paidByLabel: '',
      });
    }
    for (const c of costs) c.paidByLabel = payLabel[c.paidBy];
    return { costs, invoices, payments, rankLabel, links, bookings };
  }

  // ---- authorisation for bookings (reservations' TravelAuthority) ----

  async authorise(actor: RequestActor, travelId: number, service: 'hotel' | 'dining' | 'ticket', opts: { diners?: number }) {
    const t = await this.party(actor, travelId);
    const label = `出差 ${travelId}「${t.row.purpose}」`;
    if (t.row.status !== 'approved') throw new ConflictError(E.TRAVEL_STATE_CONFLICT, `${label}${travelStatusLabel[t.row.status]}，批准后才能预订`);
    if (!servicesOf(t.row, t.legs).includes(service)) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${label}未申请${travelServiceLabel[service]}，不能预订`);
    if (service === 'dining' && opts.diners != null) {
      const allowed = (t.row.guests ?? 0) + (t.row.hosts ?? 0);
      if (opts.diners > allowed) throw new ConflictError(E.TRAVEL_NOT_AUTHORISED, `${label}的接待公函（${t.row.letterFrom} ${t.row.letterNo}）批准 ${allowed} 人用餐，不能预订 ${opts.diners} 人`);
    }
    return { id: t.row.id, applicantId: t.row.applicantId, unitId: t.row.unitId, startDate: t.row.startDate, endDate: t.row.endDate };
  }

  // ---- invoices ----

  /**
   * An invoice attached to the record: its fields entered or read from the e-invoice XML, checked, and
   * refused (409, naming the earlier record) when the same invoice was already submitted by anyone.
   */
  async attachInvoice(actor: RequestActor, id: number, input: AttachInvoiceInput): Promise<TravelRecord> {
    let fields: InvoiceFields;
    let source: 'entered' | 'xml' = 'entered';
    if (input.xml) {
      const parsed = parseEInvoiceXml(input.xml);
      if (!parsed) throw new ValidationError(E.TRAVEL_INVALID, '无法识别的电子发票文件：应为数电票（全电发票）或增值税电子普通发票的 XML');
      const checked = invoiceFieldsSchema.safeParse(parsed);
      if (!checked.success) throw new ValidationError(E.TRAVEL_INVALID, `电子发票内容有误：${checked.error.issues.map((i) => i.message).join('；')}`);
      fields = checked.data;
      source = 'xml';
    } else fields = input.invoice!;
    const key = invoiceKeyOf(fields);
    const shown = fields.invoiceCode ? `${fields.invoiceCode} ${fields.invoiceNumber}` : fields.invoiceNumber;
    try {
      await this.d.db.transaction(async () => {
        const t = await this.party(actor, id, true);
        if (t.row.status !== 'approved') throw new ConflictError(E.TRAVEL_STATE_CONFLICT, `出差记录 ${id}${travelStatusLabel[t.row.status]}，批准后才能提交发票`);
        const earlier = await this.d.repo.invoiceByKey(key);
        if (earlier) throw await this.duplicate(shown, earlier);
        if (input.reservationId != null && !(await this.d.reservations.forTravel(id)).some((r) => r.id === input.reservationId)) {
          throw new ValidationError(E.TRAVEL_INVALID, `预订 ${input.reservationId} 不是出差记录 ${id} 下的预订`);
        }
        await this.d.repo.insertInvoice({
          travelId: id, invoiceKey: key, category: input.category, reservationId: input.reservationId, nights: input.nights, ...fields, source, submittedBy: actor.userId, createdAt: this.d.clock.now(),
        });
        await this.rematch(t);
      });
    } catch (err) {
      // Two submissions at once: the unique key lets one in; the other is told which record has it.
      if (isDuplicateKey(err)) {
        const earlier = await this.d.repo.invoiceByKey(key);
        if (earlier) throw await this.duplicate(shown, earlier);
      }
      throw err;
    }
    return this.record(actor, id);
  }

  private async duplicate(shown: string, earlier: TravelInvoiceRow): Promise<ConflictError> {
    const rec = await this.d.repo.find(earlier.travelId);
    const who = rec ? (await this.d.identity.userById(earlier.submittedBy))?.name ?? '' : '';
    return new ConflictError(E.TRAVEL_INVOICE_DUPLICATE,
      `发票 ${shown} 已于 ${formatShanghai(earlier.createdAt)} 由 ${who} 在出差记录 ${earlier.travelId}「${rec?.purpose ?? ''}」中提交，不能重复报销`,
      { travelId: earlier.travelId, invoiceId: earlier.id });
  }

  // ---- 公务卡 payments ----

  async attachCardPayment(actor: RequestActor, id: number, input: CardPaymentInput): Promise<TravelRecord> {
    const paidAt = parsePaidAt(input.paidAt);
    if (!paidAt) throw new ValidationError(E.TRAVEL_INVALID, `交易时间「${input.paidAt}」格式有误，应为 2026-12-01 12:30`);
    await this.withCardPayments(actor, id, async (t) => {
      await this.addCardPayment(actor, t, { ...input, paidAt }, 'entered');
    });
    return this.record(actor, id);
  }

  /**
   * The bank's 公务卡 statement (CSV): the lines within the trip's dates (a day either side) whose card is
   * one already attached or entered here are attached; lines already attached are skipped; a bad line is
   * refused naming its line number, and nothing is written.
   */
  async importCardStatement(actor: RequestActor, id: number, csv: string): Promise<{ imported: number; skipped: number; record: TravelRecord }> {
    const parsed = parseCardStatement(csv);
    if ('missing' in parsed) throw new ValidationError(E.TRAVEL_INVALID, `对账单缺少「${parsed.missing}」列`);
    let imported = 0;
    let skipped = 0;
    await this.withCardPayments(actor, id, async (t) => {
      const from = shanghaiDate(new Date(Date.parse(`${t.row.startDate}T00:00:00+08:00`) - DAY));
      const to = shanghaiDate(new Date(Date.parse(`${t.row.endDate}T00:00:00+08:00`) + DAY));
      for (const l of parsed.lines) {
        const paidAt = parsePaidAt(l.paidAt);
        const amountFen = yuanToFen(l.amount);
        if (!paidAt) throw new ValidationError(E.TRAVEL_INVALID, `对账单第 ${l.line} 行交易时间「${l.paidAt}」无法识别`);
        if (!Number.isSafeInteger(amountFen) || amountFen === 0) throw new ValidationError(E.TRAVEL_INVALID, `对账单第 ${l.line} 行交易金额「${l.amount}」无法识别`);
        if (!/^\d{4}$/.test(l.cardLast4) || l.bankRef.length < 4) throw new ValidationError(E.TRAVEL_INVALID, `对账单第 ${l.line} 行缺少卡号或交易参考号`);
        const day = shanghaiDate(paidAt);
        if (amountFen < 0 || day < from || day > to || await this.d.repo.cardPaymentByKey(cardPaymentKeyOf(l.cardLast4, l.bankRef))) { skipped++; continue; }
        await this.addCardPayment(actor, t, { cardLast4: l.cardLast4, paidAt, merchant: l.merchant.slice(0, 100) || '（未注明商户）', amountFen, bankRef: l.bankRef.slice(0, 40) }, 'statement');
        imported++;
      }
    });
    return { imported, skipped, record: await this.record(actor, id) };
  }

  private async withCardPayments(actor: RequestActor, id: number, work: (t: Loaded) => Promise<void>): Promise<void> {
    try {
      await this.d.db.transaction(async () => {
        const t = await this.party(actor, id, true);
        if (t.row.status !== 'approved') throw new ConflictError(E.TRAVEL_STATE_CONFLICT, `出差记录 ${id}${travelStatusLabel[t.row.status]}，批准后才能登记公务卡支付`);
        await work(t);
        await this.rematch(t);
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new ConflictError(E.TRAVEL_CARD_PAYMENT_DUPLICATE, '该公务卡交易刚被登记，请刷新后查看');
      throw err;
    }
  }

  private async addCardPayment(actor: RequestActor, t: Loaded, p: { cardLast4: string; paidAt: Date; merchant: string; amountFen: number; bankRef: string }, source: 'entered' | 'statement') {
    const key = cardPaymentKeyOf(p.cardLast4, p.bankRef);
    const earlier = await this.d.repo.cardPaymentByKey(key);
    if (earlier) throw new ConflictError(E.TRAVEL_CARD_PAYMENT_DUPLICATE, `公务卡（尾号 ${p.cardLast4}）交易 ${p.bankRef} 已登记在出差记录 ${earlier.travelId} 中`, { travelId: earlier.travelId });
    await this.d.repo.insertCardPayment({ travelId: t.row.id, paymentKey: key, ...p, source, matchedCostKey: null, submittedBy: actor.userId, createdAt: this.d.clock.now() });
  }

  /** Card payments not yet matched meet the first cost of the same amount that no payment has (bookings and invoices). */
  private async rematch(t: Loaded): Promise<void> {
    const payments = await this.d.repo.cardPayments(t.row.id);
    const { costs } = await this.costsOf(t);
    const taken = new Set(payments.map((p) => p.matchedCostKey).filter(Boolean));
    for (const p of payments.filter((x) => !x.matchedCostKey)) {
      const cost = costs.find((c) => c.kind !== 'allowance' && !taken.has(c.key) && c.amountFen === p.amountFen);
      if (!cost) continue;
      taken.add(cost.key);
      await this.d.repo.matchCardPayment(p.id, cost.key);
    }
  }
}

const bookingCategory = (b: Reservation) => ({ hotel: '住宿费（预订）', dining: '公务接待费（预订）', ticket: '城市间交通费（预订）' } as const)[b.kind];

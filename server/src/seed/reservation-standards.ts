import type { OverStandardRule, SeatClass, TicketMode, TravellerRank } from '@shared/reservations/reservations.schemas';

/**
 * The published standards the reservations migration seeds (reference data, not demo data: every
 * installation starts from them; the platform admin changes them at PUT /api/reservations/standards/*).
 *
 * Lodging (差旅住宿费标准), yuan per person per night, 部级 / 司局级 / 其他人员:
 * - 财政部 财行〔2015〕497号《关于调整中央和国家机关工作人员赴地方差旅住宿费标准等有关问题的通知》(2015),
 *   河北省: 800 / 450 / 350; peak seasons (旺季) for 张家口、秦皇岛、承德 with higher caps. Hebei's own
 *   省直机关差旅费管理办法 (冀财行〔2014〕… — the exact document number is not verified here) follows the same table.
 * - Uncertain: the peak months and peak caps are entered as July–September with a 50 % uplift
 *   (1200 / 675 / 525); 财行〔2015〕497号 gives per-city figures close to these (e.g. 秦皇岛 7–8月 1200 / 680 / 500).
 *   Check them against the document before production use; they are data, changed without a release.
 *
 * Reception (公务接待): 中办发〔2013〕22号《党政机关国内公务接待管理规定》(2013) art. 10: 接待对象 10 人以内
 * 陪餐不超过 3 人，超过 10 人的不超过三分之一. The per-person cap of a 工作餐 is set by each province
 * (河北省 冀财行〔2014〕… implementing rules); the 100 yuan entered here is NOT verified against the
 * Hebei document — confirm it.
 *
 * Tickets: 财政部 财行〔2013〕531号《中央和国家机关差旅费管理办法》(2013) art. 8 (seat classes per rank, Hebei's
 * 差旅费管理办法 adopts them): 部级 火车软席（软座、软卧）、高铁/动车商务座, 飞机头等舱; 司局级 火车软席、高铁/动车
 * 一等座, 飞机经济舱; 其他人员 火车硬席（硬座、硬卧）、高铁/动车二等座, 飞机经济舱. Air tickets at government fares
 * through the government channel (财库〔2014〕33号).
 */
const LODGING_SOURCE = '财行〔2015〕497号 中央和国家机关工作人员赴地方差旅住宿费标准（河北省）';
const caps: Record<TravellerRank, number> = { minister: 80_000, bureau: 45_000, other: 35_000 };
const ranks: TravellerRank[] = ['minister', 'bureau', 'other'];

export const HEBEI_LODGING: Array<{ regionCode: string; rank: TravellerRank; capFen: number; peakFrom: string | null; peakTo: string | null; peakUpliftPct: number; overStandard: OverStandardRule; source: string; year: number }> = [
  // The province as a whole (longest region prefix wins: a city row overrides this one).
  ...ranks.map((rank) => ({ regionCode: '13', rank, capFen: caps[rank], peakFrom: null, peakTo: null, peakUpliftPct: 0, overStandard: 'approval' as const, source: LODGING_SOURCE, year: 2015 })),
  // 秦皇岛、张家口、承德: peak season (旺季) uplift — see the uncertainty note above.
  ...['1303', '1307', '1308'].flatMap((regionCode) => ranks.map((rank) => ({
    regionCode, rank, capFen: caps[rank], peakFrom: '07-01', peakTo: '09-30', peakUpliftPct: 50, overStandard: 'approval' as const, source: `${LODGING_SOURCE}（旺季 7—9 月，上浮待核）`, year: 2015,
  }))),
];

export const HEBEI_RECEPTION: Array<{ regionCode: string; perPersonCapFen: number; maxHostsSmall: number; overStandard: OverStandardRule; source: string; year: number }> = [
  { regionCode: '13', perPersonCapFen: 10_000, maxHostsSmall: 3, overStandard: 'approval', source: '中办发〔2013〕22号 党政机关国内公务接待管理规定（陪餐人数）；河北省工作餐人均标准（待核）', year: 2013 },
];

const TICKET_SOURCE = '财行〔2013〕531号 中央和国家机关差旅费管理办法 第八条';
export const HEBEI_TICKETS: Array<{ rank: TravellerRank; mode: TicketMode; classes: SeatClass[]; overStandard: OverStandardRule; source: string; year: number }> = [
  { rank: 'minister', mode: 'train', classes: ['business', 'first', 'second', 'soft_sleeper', 'hard_sleeper', 'hard_seat'], overStandard: 'approval', source: TICKET_SOURCE, year: 2013 },
  { rank: 'bureau', mode: 'train', classes: ['first', 'second', 'soft_sleeper', 'hard_sleeper', 'hard_seat'], overStandard: 'approval', source: TICKET_SOURCE, year: 2013 },
  { rank: 'other', mode: 'train', classes: ['second', 'hard_sleeper', 'hard_seat'], overStandard: 'approval', source: TICKET_SOURCE, year: 2013 },
  { rank: 'minister', mode: 'air', classes: ['air_first', 'air_business', 'economy'], overStandard: 'approval', source: TICKET_SOURCE, year: 2013 },
  { rank: 'bureau', mode: 'air', classes: ['economy'], overStandard: 'approval', source: TICKET_SOURCE, year: 2013 },
  { rank: 'other', mode: 'air', classes: ['economy'], overStandard: 'approval', source: TICKET_SOURCE, year: 2013 },
];

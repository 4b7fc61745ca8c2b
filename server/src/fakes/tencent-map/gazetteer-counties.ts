import type { GazetteerEntry } from './gazetteer-landmarks';

/**
 * The counties and districts of 石家庄 and 保定 with their seats (GCJ-02) and some of their towns and
 * townships. The demo gazetteer names each seat's government, hospital, bus station and first middle
 * school near the seat, and each town's government around it: the names are real, the town positions a
 * demo's approximation (on a ring 5–15 km around the seat), enough to search, pick and route.
 */
interface County { name: string; city: '石家庄市' | '保定市'; lat: number; lng: number; towns: string[] }

const counties: County[] = [
  { name: '鹿泉区', city: '石家庄市', lat: 38.0866, lng: 114.3193, towns: ['获鹿镇', '铜冶镇', '寺家庄镇', '上庄镇', '李村镇', '宜安镇', '黄壁庄镇'] },
  { name: '栾城区', city: '石家庄市', lat: 37.9013, lng: 114.6548, towns: ['栾城镇', '冶河镇', '窦妪镇', '楼底镇', '南高乡', '柳林屯乡'] },
  { name: '藁城区', city: '石家庄市', lat: 38.0227, lng: 114.8528, towns: ['廉州镇', '兴安镇', '岗上镇', '梅花镇', '贾市庄镇', '南营镇'] },
  { name: '正定县', city: '石家庄市', lat: 38.1475, lng: 114.5763, towns: ['正定镇', '诸福屯镇', '新城铺镇', '新安镇', '南牛乡', '南楼乡', '西平乐乡', '北早现乡', '曲阳桥乡'] },
  { name: '井陉县', city: '石家庄市', lat: 38.0383, lng: 114.1508, towns: ['微水镇', '上安镇', '天长镇', '秀林镇', '南峪镇', '威州镇', '小作镇'] },
  { name: '井陉矿区', city: '石家庄市', lat: 38.0698, lng: 114.0668, towns: ['贾庄镇', '凤山镇'] },
  { name: '行唐县', city: '石家庄市', lat: 38.4390, lng: 114.5594, towns: ['龙州镇', '南桥镇', '上碑镇', '口头镇', '只里乡'] },
  { name: '灵寿县', city: '石家庄市', lat: 38.3093, lng: 114.3892, towns: ['灵寿镇', '青同镇', '慈峪镇', '岔头镇', '塔上镇'] },
  { name: '高邑县', city: '石家庄市', lat: 37.6171, lng: 114.6171, towns: ['高邑镇', '大营镇', '富村镇', '万城镇'] },
  { name: '深泽县', city: '石家庄市', lat: 38.1852, lng: 115.2065, towns: ['深泽镇', '铁杆镇', '赵八镇'] },
  { name: '赞皇县', city: '石家庄市', lat: 37.6671, lng: 114.3924, towns: ['赞皇镇', '院头镇', '南邢郭乡', '嶂石岩乡'] },
  { name: '无极县', city: '石家庄市', lat: 38.1805, lng: 114.9826, towns: ['无极镇', '七汲镇', '张段固镇', '北苏镇', '郭庄镇'] },
  { name: '平山县', city: '石家庄市', lat: 38.2607, lng: 114.1925, towns: ['平山镇', '西柏坡镇', '温塘镇', '岗南镇', '古月镇', '下槐镇', '小觉镇'] },
  { name: '元氏县', city: '石家庄市', lat: 37.7681, lng: 114.5310, towns: ['槐阳镇', '因村镇', '宋曹镇', '殷村镇', '南佐镇'] },
  { name: '赵县', city: '石家庄市', lat: 37.7576, lng: 114.7822, towns: ['赵州镇', '范庄镇', '北王里镇', '新寨店镇', '韩村镇'] },
  { name: '辛集市', city: '石家庄市', lat: 37.9444, lng: 115.2240, towns: ['辛集镇', '旧城镇', '张古庄镇', '位伯镇', '新垒头镇'] },
  { name: '晋州市', city: '石家庄市', lat: 38.0343, lng: 115.0506, towns: ['晋州镇', '总十庄镇', '营里镇', '桃园镇', '东卓宿镇'] },
  { name: '新乐市', city: '石家庄市', lat: 38.3443, lng: 114.6906, towns: ['承安镇', '正莫镇', '化皮镇', '杜固镇'] },
  { name: '满城区', city: '保定市', lat: 38.9498, lng: 115.3287, towns: ['满城镇', '大册营镇', '南韩村镇', '方顺桥镇', '神星镇'] },
  { name: '清苑区', city: '保定市', lat: 38.7667, lng: 115.4954, towns: ['清苑镇', '冉庄镇', '阳城镇', '魏村镇', '温仁镇'] },
  { name: '徐水区', city: '保定市', lat: 39.0196, lng: 115.6618, towns: ['安肃镇', '大王店镇', '漕河镇', '崔庄镇', '高林村镇'] },
  { name: '涞水县', city: '保定市', lat: 39.3955, lng: 115.7196, towns: ['涞水镇', '永阳镇', '三坡镇', '石亭镇', '义安镇'] },
  { name: '阜平县', city: '保定市', lat: 38.8501, lng: 114.2016, towns: ['阜平镇', '龙泉关镇', '城南庄镇', '王林口镇'] },
  { name: '定兴县', city: '保定市', lat: 39.2648, lng: 115.8148, towns: ['定兴镇', '固城镇', '贤寓镇', '北河镇', '天宫寺镇'] },
  { name: '唐县', city: '保定市', lat: 38.7494, lng: 114.9882, towns: ['仁厚镇', '王京镇', '高昌镇', '北罗镇', '白合镇'] },
  { name: '高阳县', city: '保定市', lat: 38.7015, lng: 115.7851, towns: ['高阳镇', '庞口镇', '西演镇', '邢家南镇'] },
  { name: '涞源县', city: '保定市', lat: 39.3616, lng: 114.7006, towns: ['涞源镇', '银坊镇', '走马驿镇', '王安镇'] },
  { name: '望都县', city: '保定市', lat: 38.6977, lng: 115.1614, towns: ['望都镇', '固店镇', '贾村镇'] },
  { name: '易县', city: '保定市', lat: 39.3507, lng: 115.5046, towns: ['易州镇', '梁格庄镇', '西陵镇', '裴山镇', '塘湖镇'] },
  { name: '曲阳县', city: '保定市', lat: 38.6234, lng: 114.7515, towns: ['恒州镇', '灵山镇', '燕赵镇', '羊平镇'] },
  { name: '蠡县', city: '保定市', lat: 38.4899, lng: 115.5893, towns: ['蠡吾镇', '留史镇', '大百尺镇', '辛兴镇'] },
  { name: '顺平县', city: '保定市', lat: 38.8386, lng: 115.1413, towns: ['蒲阳镇', '高于铺镇', '腰山镇'] },
  { name: '博野县', city: '保定市', lat: 38.4598, lng: 115.4704, towns: ['博野镇', '小店镇', '程委镇'] },
  { name: '定州市', city: '保定市', lat: 38.5174, lng: 114.9963, towns: ['清风店镇', '砖路镇', '明月店镇', '李亲顾镇'] },
  { name: '涿州市', city: '保定市', lat: 39.4867, lng: 115.9802, towns: ['松林店镇', '码头镇', '东城坊镇', '高官庄镇'] },
  { name: '安国市', city: '保定市', lat: 38.4191, lng: 115.3337, towns: ['伍仁桥镇', '石佛镇', '郑章镇'] },
  { name: '高碑店市', city: '保定市', lat: 39.3282, lng: 115.8800, towns: ['白沟镇', '方官镇', '新城镇', '泗庄镇'] },
  { name: '容城县', city: '保定市', lat: 39.0444, lng: 115.8678, towns: ['容城镇', '小里镇', '南张镇'] },
  { name: '安新县', city: '保定市', lat: 38.9376, lng: 115.9415, towns: ['安新镇', '大王镇', '端村镇', '圈头乡'] },
  { name: '雄县', city: '保定市', lat: 38.9955, lng: 116.1152, towns: ['雄州镇', '昝岗镇', '大营镇', '龙湾镇'] },
];

/** The seat's own places, a few hundred metres apart. */
const seatPlaces: Array<[suffix: string, dLat: number, dLng: number, road: string]> = [
  ['人民政府', 0, 0, '政府街'],
  ['人民医院', 0.006, 0.004, '健康路'],
  ['汽车站', -0.007, 0.006, '站前街'],
  ['第一中学', 0.004, -0.007, '育才路'],
];

export function countyEntries(): GazetteerEntry[] {
  const out: GazetteerEntry[] = [];
  for (const c of counties) {
    const prefix = `河北省${c.city}${c.name}`;
    for (const [suffix, dLat, dLng, road] of seatPlaces) {
      out.push([`${c.name}${suffix}`, `${prefix}${road}`, round(c.lat + dLat), round(c.lng + dLng)]);
    }
    c.towns.forEach((town, i) => {
      // A golden-angle ring keeps the towns of one county apart without knowing their survey positions.
      const angle = i * 2.39996;
      const km = 5 + ((i * 37) % 11);
      const dLat = (km / 111) * Math.sin(angle);
      const dLng = (km / (111 * Math.cos((c.lat * Math.PI) / 180))) * Math.cos(angle);
      out.push([`${c.name}${town}人民政府`, `${prefix}${town}`, round(c.lat + dLat), round(c.lng + dLng)]);
    });
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

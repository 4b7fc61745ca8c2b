import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { gcj02ToWgs84 } from '@shared/common/coords';

/**
 * 敏感场所 (#21 item 4): the configurable list of hotels, entertainment venues and scenic spots where a
 * car standing longer than the dwell time raises 敏感场所停留, each with the source it was taken from.
 * Points are WGS-84 (as terminals report); the seed's points are the map's (GCJ-02) converted. Seeded
 * with Hebei places every deployment starts from; supervisors add and switch off their own.
 */
const SEED: Array<[name: string, category: 'hotel' | 'entertainment' | 'scenic', latGcj: number, lngGcj: number, radiusM: number, region: string, source: string]> = [
  ['河北会议中心宾馆', 'hotel', 38.0604, 114.5274, 150, '130102', '腾讯地图地点检索：酒店宾馆（石家庄市长安区青园街1号）'],
  ['石家庄希尔顿酒店', 'hotel', 38.0432, 114.5261, 150, '130102', '腾讯地图地点检索：酒店宾馆（石家庄市长安区中山东路）'],
  ['石家庄国际大厦', 'hotel', 38.0441, 114.5096, 150, '130104', '腾讯地图地点检索：酒店宾馆（石家庄市桥西区中山西路）'],
  ['保定电谷锦江国际酒店', 'hotel', 38.8609, 115.4900, 150, '130602', '腾讯地图地点检索：酒店宾馆（保定市竞秀区）'],
  ['勒泰中心 KTV', 'entertainment', 38.0471, 114.5078, 120, '130104', '腾讯地图地点检索：娱乐休闲（石家庄市长安区中山东路39号）'],
  ['石家庄高尔夫球会', 'entertainment', 38.1265, 114.4730, 400, '130108', '腾讯地图地点检索：运动健身·高尔夫（石家庄市）'],
  ['抱犊寨', 'scenic', 38.0925, 114.2898, 600, '130110', '河北省文化和旅游厅 A 级旅游景区名录（AAAA，石家庄市鹿泉区）'],
  ['苍岩山', 'scenic', 37.8225, 114.1529, 800, '130121', '河北省文化和旅游厅 A 级旅游景区名录（AAAA，石家庄市井陉县）'],
  ['隆兴寺', 'scenic', 38.1526, 114.5853, 300, '130123', '河北省文化和旅游厅 A 级旅游景区名录（AAAA，石家庄市正定县）'],
  ['白洋淀景区', 'scenic', 38.9220, 115.9610, 1000, '130632', '河北省文化和旅游厅 A 级旅游景区名录（AAAAA，保定市安新县）'],
  ['野三坡景区', 'scenic', 39.7240, 115.4120, 1500, '130623', '河北省文化和旅游厅 A 级旅游景区名录（AAAAA，保定市涞水县）'],
  ['狼牙山', 'scenic', 39.0960, 115.2320, 800, '130633', '河北省文化和旅游厅 A 级旅游景区名录（AAAA，保定市易县）'],
];

export class SupervisionPoi1766800000000 implements MigrationInterface {
  name = 'SupervisionPoi1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({
      name: 'supervision_poi',
      columns: [
        { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
        { name: 'name', type: 'varchar', length: '64' },
        { name: 'category', type: 'varchar', length: '16' },
        { name: 'lat', type: 'double' },
        { name: 'lng', type: 'double' },
        { name: 'radius_m', type: 'integer' },
        { name: 'region_code', type: 'varchar', length: '9' },
        { name: 'source', type: 'varchar', length: '200' },
        { name: 'enabled', type: 'boolean' },
        { name: 'created_by', type: 'integer', isNullable: true },
        { name: 'created_at', type: 'datetime' },
      ],
      indices: [{ name: 'ux_supervision_poi_name_region', columnNames: ['name', 'region_code'], isUnique: true }],
      checks: [{ name: 'ck_supervision_poi_radius', expression: 'radius_m > 0' }],
    }));
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    for (const [name, category, lat, lng, radiusM, region, source] of SEED) {
      const p = gcj02ToWgs84({ lat, lng });
      await q.query('INSERT INTO supervision_poi (name, category, lat, lng, radius_m, region_code, source, enabled, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, NULL, ?)',
        [name, category, p.lat, p.lng, radiusM, region, source, now]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('supervision_poi');
  }
}

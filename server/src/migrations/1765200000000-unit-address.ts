import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** The demo seed's units as they stood when this migration landed (frozen here, not read from the seed). */
const DEMO_UNITS: Array<[name: string, address: string, lat: number, lng: number]> = [
  ['河北省机关事务管理局', '河北省石家庄市长安区裕华东路46号', 38.0433, 114.5214],
  ['河北省发展和改革委员会', '河北省石家庄市长安区裕华东路33号', 38.0418, 114.5203],
  ['河北省疾病预防控制中心', '河北省石家庄市长安区怀特路97号', 38.058, 114.5561],
  ['河北建设投资集团有限责任公司', '河北省石家庄市裕华区裕华西路9号', 38.0395, 114.5065],
  ['河北省妇女联合会', '河北省石家庄市长安区中山东路209号', 38.0487, 114.5312],
  ['石家庄市机关事务管理局', '河北省石家庄市长安区中山东路130号', 38.0491, 114.5214],
  ['石家庄市市场监督管理局', '河北省石家庄市桥西区新石中路377号', 38.0336, 114.4755],
  ['长安区机关事务服务中心', '河北省石家庄市长安区广安街25号', 38.0506, 114.5356],
  ['长安区人民政府办公室', '河北省石家庄市长安区广安街25号', 38.0503, 114.535],
  ['建北街道办事处', '河北省石家庄市长安区建华北大街与光华路交叉口', 38.064, 114.5478],
  ['桥西区人民政府办公室', '河北省石家庄市桥西区自强路135号', 38.0431, 114.4844],
  ['保定市机关事务管理局', '河北省保定市竞秀区复兴中路2588号', 38.8807, 115.4714],
  ['竞秀区人民政府办公室', '河北省保定市竞秀区朝阳南大街', 38.8621, 115.4626],
  ['河北公务出行汽车租赁有限公司', '河北省石家庄市桥西区红旗大街', 38.029, 114.473],
  ['河北会议中心宾馆', '河北省石家庄市长安区青园街1号', 38.0604, 114.5274],
  ['石家庄燕赵园餐饮有限公司', '河北省石家庄市长安区平安北大街', 38.0512, 114.51],
  ['河北航空服务票务中心', '河北省石家庄市桥西区中山西路', 38.0462, 114.484],
  ['石家庄冀运汽车维修有限公司', '河北省石家庄市裕华区槐中路', 38.0232, 114.527],
  ['中石化河北石家庄石油分公司', '河北省石家庄市桥西区友谊南大街', 38.0315, 114.487],
  ['人保财险石家庄市分公司', '河北省石家庄市长安区建设北大街', 38.0503, 114.5149],
];

/**
 * A unit's address and its GCJ-02 coordinates (#14 item 1): a trip's start defaults to the applicant's own
 * unit, not to one fixed place for everyone. Nullable: a unit registered without an address has none yet,
 * and the form then asks for the start. Coordinates are kept as decimal degrees (6 places ≈ 0.1 m).
 */
export class UnitAddress1765200000000 implements MigrationInterface {
  name = 'UnitAddress1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('unit', [
      new TableColumn({ name: 'address', type: 'varchar', length: '100', isNullable: true }),
      new TableColumn({ name: 'lat', type: 'decimal', precision: 9, scale: 6, isNullable: true }),
      new TableColumn({ name: 'lng', type: 'decimal', precision: 9, scale: 6, isNullable: true }),
    ]);
    // A database seeded before this change (the demo's data file) gets its units' addresses too.
    for (const [name, address, lat, lng] of DEMO_UNITS) {
      await q.query('UPDATE unit SET address = ?, lat = ?, lng = ? WHERE name = ? AND address IS NULL', [address, lat, lng, name]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('unit', ['address', 'lat', 'lng']);
  }
}

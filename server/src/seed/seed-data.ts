import type { RegionLevel, Role, UnitKind } from '@shared/identity/identity.schemas';
import type { EnergyType, VehicleCategory, VehicleSource } from '@shared/fleet/fleet.schemas';

/** A realistic Hebei slice: the province, 2 cities, 3 counties, their townships (GB/T 2260 codes). */
export const regions: Array<[code: string, name: string, level: RegionLevel, parent: string | null]> = [
  ['130000', '河北省', 'province', null],
  ['130100', '石家庄市', 'city', '130000'],
  ['130600', '保定市', 'city', '130000'],
  ['130102', '长安区', 'county', '130100'],
  ['130104', '桥西区', 'county', '130100'],
  ['130602', '竞秀区', 'county', '130600'],
  ['130102001', '建北街道', 'township', '130102'],
  ['130102002', '青园街道', 'township', '130102'],
  ['130104001', '东里街道', 'township', '130104'],
  ['130104002', '振头街道', 'township', '130104'],
  ['130602001', '先锋街道', 'township', '130602'],
  ['130602002', '新市场街道', 'township', '130602'],
];

/** Units by key; `parent` names another key. */
export const units: Array<{ key: string; name: string; kind: UnitKind; region: string; parent?: string; phone?: string }> = [
  { key: 'prov_office', name: '河北省机关事务管理局', kind: 'supervision_office', region: '130000', phone: '031187001000' },
  { key: 'prov_ndrc', name: '河北省发展和改革委员会', kind: 'party_government', region: '130000' },
  { key: 'prov_cdc', name: '河北省疾病预防控制中心', kind: 'public_institution', region: '130000', parent: 'prov_ndrc' },
  { key: 'prov_soe', name: '河北建设投资集团有限责任公司', kind: 'state_enterprise', region: '130000' },
  { key: 'prov_women', name: '河北省妇女联合会', kind: 'people_org', region: '130000' },
  { key: 'sjz_office', name: '石家庄市机关事务管理局', kind: 'supervision_office', region: '130100' },
  { key: 'sjz_samr', name: '石家庄市市场监督管理局', kind: 'party_government', region: '130100' },
  { key: 'ca_office', name: '长安区机关事务服务中心', kind: 'supervision_office', region: '130102' },
  { key: 'ca_gov', name: '长安区人民政府办公室', kind: 'party_government', region: '130102' },
  { key: 'jb_street', name: '建北街道办事处', kind: 'party_government', region: '130102001', parent: 'ca_gov' },
  { key: 'qx_gov', name: '桥西区人民政府办公室', kind: 'party_government', region: '130104' },
  { key: 'bd_office', name: '保定市机关事务管理局', kind: 'supervision_office', region: '130600' },
  { key: 'jx_gov', name: '竞秀区人民政府办公室', kind: 'party_government', region: '130602' },
  { key: 'rental', name: '河北公务出行汽车租赁有限公司', kind: 'rental_company', region: '130100', phone: '031186661234' },
  { key: 'hotel', name: '河北会议中心宾馆', kind: 'hotel', region: '130100' },
  { key: 'restaurant', name: '石家庄燕赵园餐饮有限公司', kind: 'restaurant', region: '130100' },
  { key: 'tickets', name: '河北航空服务票务中心', kind: 'ticket_agent', region: '130100' },
  { key: 'repair', name: '石家庄冀运汽车维修有限公司', kind: 'repair_shop', region: '130100' },
  { key: 'fuel', name: '中石化河北石家庄石油分公司', kind: 'fuel_station', region: '130100' },
  { key: 'insurer', name: '人保财险石家庄市分公司', kind: 'insurer', region: '130100' },
];

/** Users of every role. Each has a WeChat openid (`demo-openid-<n>`) so wx-login works against the fake. */
/** Where each unit is (#14 item 1): the address and GCJ-02 coordinates a trip's start defaults to; as the demo gazetteer has them. */
export const unitAddresses: Record<string, [address: string, lat: number, lng: number]> = {
  prov_office: ['河北省石家庄市长安区裕华东路46号', 38.0433, 114.5214],
  prov_ndrc: ['河北省石家庄市长安区裕华东路33号', 38.0418, 114.5203],
  prov_cdc: ['河北省石家庄市长安区怀特路97号', 38.058, 114.5561],
  prov_soe: ['河北省石家庄市裕华区裕华西路9号', 38.0395, 114.5065],
  prov_women: ['河北省石家庄市长安区中山东路209号', 38.0487, 114.5312],
  sjz_office: ['河北省石家庄市长安区中山东路130号', 38.0491, 114.5214],
  sjz_samr: ['河北省石家庄市桥西区新石中路377号', 38.0336, 114.4755],
  ca_office: ['河北省石家庄市长安区广安街25号', 38.0506, 114.5356],
  ca_gov: ['河北省石家庄市长安区广安街25号', 38.0503, 114.535],
  jb_street: ['河北省石家庄市长安区建华北大街与光华路交叉口', 38.064, 114.5478],
  qx_gov: ['河北省石家庄市桥西区自强路135号', 38.0431, 114.4844],
  bd_office: ['河北省保定市竞秀区复兴中路2588号', 38.8807, 115.4714],
  jx_gov: ['河北省保定市竞秀区朝阳南大街', 38.8621, 115.4626],
  rental: ['河北省石家庄市桥西区红旗大街', 38.029, 114.473],
  hotel: ['河北省石家庄市长安区青园街1号', 38.0604, 114.5274],
  restaurant: ['河北省石家庄市长安区平安北大街', 38.0512, 114.51],
  tickets: ['河北省石家庄市桥西区中山西路', 38.0462, 114.484],
  repair: ['河北省石家庄市裕华区槐中路', 38.0232, 114.527],
  fuel: ['河北省石家庄市桥西区友谊南大街', 38.0315, 114.487],
  insurer: ['河北省石家庄市长安区建设北大街', 38.0503, 114.5149],
};

export const users: Array<{ name: string; phone: string; unit: string; roles: Role[] }> = [
  { name: '王建国', phone: '13803110001', unit: 'prov_ndrc', roles: ['applicant'] },
  { name: '李秀英', phone: '13803110002', unit: 'prov_ndrc', roles: ['approver', 'applicant'] },
  { name: '张伟', phone: '13803110003', unit: 'prov_ndrc', roles: ['dispatcher'] },
  { name: '赵磊', phone: '13803110004', unit: 'prov_ndrc', roles: ['fleet_admin'] },
  { name: '刘强', phone: '13803110005', unit: 'prov_ndrc', roles: ['driver'] },
  { name: '陈刚', phone: '13803110006', unit: 'prov_ndrc', roles: ['driver'] },
  { name: '孙丽', phone: '13803110007', unit: 'prov_office', roles: ['finance'] },
  { name: '周明', phone: '13803110008', unit: 'prov_office', roles: ['supervisor'] },
  { name: '陈静', phone: '13803110009', unit: 'prov_office', roles: ['platform_admin'] },
  { name: '吴芳', phone: '13903110010', unit: 'sjz_office', roles: ['supervisor'] },
  { name: '韩梅', phone: '13903110011', unit: 'sjz_samr', roles: ['applicant', 'approver'] },
  { name: '郑斌', phone: '13903110012', unit: 'ca_office', roles: ['supervisor'] },
  { name: '杨帆', phone: '13903110013', unit: 'ca_gov', roles: ['applicant'] },
  { name: '何勇', phone: '13903110014', unit: 'ca_gov', roles: ['dispatcher', 'fleet_admin', 'approver'] },
  { name: '马超', phone: '13903110015', unit: 'ca_gov', roles: ['driver'] },
  { name: '冯涛', phone: '13703120016', unit: 'bd_office', roles: ['supervisor'] },
  { name: '曹阳', phone: '13703120017', unit: 'jx_gov', roles: ['applicant', 'dispatcher'] },
  { name: '高峰', phone: '13603110018', unit: 'rental', roles: ['rental_operator'] },
  { name: '罗军', phone: '13603110019', unit: 'rental', roles: ['driver'] },
  { name: '林娜', phone: '13603110020', unit: 'hotel', roles: ['supplier_operator'] },
  { name: '谢东', phone: '13603110021', unit: 'restaurant', roles: ['supplier_operator'] },
  { name: '唐静', phone: '13603110022', unit: 'tickets', roles: ['supplier_operator'] },
  { name: '许亮', phone: '13603110023', unit: 'repair', roles: ['supplier_operator'] },
  { name: '钱涛', phone: '13803110024', unit: 'prov_soe', roles: ['fleet_admin', 'dispatcher'] },
  { name: '丁琳', phone: '13803110025', unit: 'prov_cdc', roles: ['applicant', 'fleet_admin'] },
  { name: '邓华', phone: '13903110026', unit: 'jb_street', roles: ['applicant'] },
  // Unit head (单位负责人): the second level of out-of-city trip approvals at 发改委.
  { name: '孟德海', phone: '13803110027', unit: 'prov_ndrc', roles: ['approver'] },
  // Finance at the city bureau settles every unit in 石家庄; finance in an ordinary unit settles its own.
  { name: '郭敏', phone: '13903110028', unit: 'sjz_office', roles: ['finance'] },
  { name: '周婷', phone: '13903110029', unit: 'ca_gov', roles: ['finance'] },
  // Read-only oversight accounts (#21 item 4): 长安区's discipline inspection, 石家庄's finance and audit bureaus.
  { name: '沈洁', phone: '13903110040', unit: 'ca_office', roles: ['discipline_inspector'] },
  { name: '彭飞', phone: '13903110041', unit: 'sjz_office', roles: ['finance_bureau'] },
  { name: '袁伟', phone: '13903110042', unit: 'sjz_office', roles: ['audit_bureau'] },
  // 建北街道's 车管员: the street office has no approver (its trips are approved by 长安区政府办's 何勇, the
  // approval fallback, README「审批兜底」) and no cars of its own, so she sends its trips to the rental company.
  { name: '吕洁', phone: '13903110032', unit: 'jb_street', roles: ['dispatcher'] },
  // 三定 enterprises' operators (#17): the fuel station's and the insurer's (the repair shop's is 许亮).
  { name: '韦强', phone: '13603110033', unit: 'fuel', roles: ['supplier_operator'] },
  { name: '蒋敏', phone: '13603110034', unit: 'insurer', roles: ['supplier_operator'] },
];

export interface SeedVehicle {
  plate: string; brandModel: string; energy: EnergyType; displacementMl: number | null; priceYuan: number; seats: number;
  category: VehicleCategory; source: VehicleSource; unit: string; registeredOn: string; odometerKm: number;
  terminal: string | null; deviceModel: string | null; insuranceDue: string; inspectionDue: string;
}

const v = (plate: string, brandModel: string, energy: EnergyType, displacementMl: number | null, priceYuan: number, seats: number,
  category: VehicleCategory, source: VehicleSource, unit: string, registeredOn: string, odometerKm: number,
  terminal: string | null, deviceModel: string | null, insuranceDue = '2027-06-30', inspectionDue = '2027-09-30'): SeedVehicle =>
  ({ plate, brandModel, energy, displacementMl, priceYuan, seats, category, source, unit, registeredOn, odometerKm, terminal, deviceModel, insuranceDue, inspectionDue });

/** Vehicles of every category and energy type, with JT/T 808 terminal numbers (2013 and 2019 devices). */
export const vehicles: SeedVehicle[] = [
  v('冀A00101', '红旗 H5', 'fuel', 1798, 180000, 5, 'general', 'own', 'prov_ndrc', '2019-03-12', 86210, '013800000101', 'JT808-2013-STD'),
  v('冀A00102', '大众 帕萨特', 'fuel', 1984, 175000, 5, 'general', 'own', 'prov_ndrc', '2016-05-20', 188400, '013800000102', 'JT808-2013-STD'),
  v('冀AD00103', '比亚迪 汉 EV', 'electric', null, 209800, 5, 'general', 'pool', 'prov_ndrc', '2023-08-01', 31200, '13800000000000000103', 'JT808-2019-STD'),
  v('冀A00104', '别克 GL8', 'fuel', 1998, 239900, 7, 'emergency', 'own', 'prov_ndrc', '2020-11-11', 65400, '013800000104', 'JT808-2013-STD'),
  v('冀A00105', '丰田 考斯特', 'fuel', 3956, 520000, 20, 'special_technical', 'own', 'prov_cdc', '2018-04-02', 120300, '013800000105', 'JT808-2013-INV'),
  v('冀A00106', '红旗 H9', 'plugin_hybrid', 1998, 330000, 5, 'confidential', 'own', 'prov_ndrc', '2022-01-15', 22000, '13800000000000000106', 'JT808-2019-STD'),
  v('冀A00107', '长城 炮 皮卡', 'fuel', 1996, 120000, 5, 'law_enforcement', 'own', 'sjz_samr', '2021-06-30', 54300, '013800000107', 'JT808-2013-STD'),
  v('冀A00108', '比亚迪 秦 PLUS DM-i', 'plugin_hybrid', 1498, 119800, 5, 'general', 'own', 'ca_gov', '2022-09-09', 40100, '013800000108', 'JT808-2013-STD', '2026-01-31'),
  v('冀A00109', '吉利 帝豪 EV', 'electric', null, 139800, 5, 'general', 'own', 'ca_gov', '2021-03-03', 70500, '13800000000000000109', 'JT808-2019-STD'),
  v('冀A00110', '大众 途观L', 'fuel', 1984, 219000, 5, 'other', 'own', 'prov_soe', '2017-07-07', 160000, '013800000110', 'JT808-2013-STD'),
  v('冀F00111', '红旗 E-QM5', 'electric', null, 169800, 5, 'general', 'own', 'jx_gov', '2023-02-20', 18000, '13800000000000000111', 'JT808-2019-STD'),
  v('冀A00112', '东风 救护车', 'fuel', 2499, 260000, 6, 'emergency', 'own', 'prov_cdc', '2019-10-10', 99000, '013800000112', 'JT808-2013-STD'),
  v('冀AD20001', '比亚迪 海豚', 'electric', null, 116800, 5, 'general', 'timeshare', 'rental', '2024-03-01', 12000, '13800000000000020001', 'JT808-2019-STD'),
  v('冀AD20002', '比亚迪 海豚', 'electric', null, 116800, 5, 'general', 'timeshare', 'rental', '2024-03-01', 15400, '13800000000000020002', 'JT808-2019-STD'),
  v('冀AD20003', '五菱 缤果', 'electric', null, 69800, 4, 'general', 'timeshare', 'rental', '2024-05-18', 8000, '013800020003', 'JT808-2013-STD'),
  v('冀AD20004', '埃安 S', 'electric', null, 139800, 5, 'general', 'timeshare', 'rental', '2024-05-18', 20100, '013800020004', 'JT808-2013-STD'),
  v('冀A20005', '别克 GL8', 'fuel', 1998, 239900, 7, 'general', 'rental', 'rental', '2022-04-04', 88000, '013800020005', 'JT808-2013-STD'),
  v('冀A20006', '丰田 凯美瑞', 'plugin_hybrid', 2487, 199800, 5, 'general', 'rental', 'rental', '2023-01-09', 42000, '013800020006', 'JT808-2013-STD'),
];

/** 编制 quotas per unit and category. */
export const quotas: Array<[unit: string, category: VehicleCategory, quota: number]> = [
  ['prov_ndrc', 'general', 4], ['prov_ndrc', 'emergency', 1], ['prov_ndrc', 'confidential', 1],
  ['prov_cdc', 'special_technical', 1], ['prov_cdc', 'emergency', 2], ['sjz_samr', 'law_enforcement', 2],
  ['ca_gov', 'general', 2], ['prov_soe', 'other', 1], ['jx_gov', 'general', 1],
];

/** Drivers; `user` links a driver to a user by name. One licence has expired (dispatch must skip him). */
export const drivers: Array<{ name: string; phone: string; unit: string; user?: string; licenceClass: string; licenceExpires: string }> = [
  { name: '刘强', phone: '13803110005', unit: 'prov_ndrc', user: '刘强', licenceClass: 'A1', licenceExpires: '2030-05-01' },
  { name: '陈刚', phone: '13803110006', unit: 'prov_ndrc', user: '陈刚', licenceClass: 'B1', licenceExpires: '2029-02-01' },
  { name: '黄海', phone: '13803110030', unit: 'prov_ndrc', licenceClass: 'C1', licenceExpires: '2026-03-01' },
  { name: '马超', phone: '13903110015', unit: 'ca_gov', user: '马超', licenceClass: 'C1', licenceExpires: '2031-08-08' },
  { name: '罗军', phone: '13603110019', unit: 'rental', user: '罗军', licenceClass: 'B1', licenceExpires: '2030-10-10' },
  { name: '宋飞', phone: '13803110031', unit: 'prov_cdc', licenceClass: 'A1', licenceExpires: '2029-12-31' },
  { name: '贾平', phone: '13703120032', unit: 'jx_gov', licenceClass: 'C1', licenceExpires: '2030-01-01' },
];

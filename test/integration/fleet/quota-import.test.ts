import ExcelJS from 'exceljs';
import { quotaImportColumns } from '@shared/fleet/lifecycle.schemas';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedUnitId } from '../../helpers/seed-lookup';

/** A workbook of 编制 rows (header first), as base64 for the import body. */
async function sheet(rows: Array<Array<string | number>>, header: readonly string[] = quotaImportColumns): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位编制');
  ws.addRow([...header]);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe(`定编: units' 编制 imported from Excel, all or nothing (${backend})`, () => {
  let t: TestApp;
  let wu: As; let zhou: As; let zhao: As; let chen: As;
  let samr: number; let caGov: number;
  beforeAll(async () => {
    t = await startTestApp();
    [wu, zhou, zhao, chen] = await Promise.all(['吴芳', '周明', '赵磊', '陈静'].map((n) => as(t, n)));
    [samr, caGov] = await Promise.all([seedUnitId(t, '石家庄市市场监督管理局'), seedUnitId(t, '长安区人民政府办公室')]);
  });
  afterAll(() => t.close());

  const quota = async (who: As, unitId: number, category: string) =>
    ((await who.get(`/api/fleet/quotas?unitId=${unitId}`)).body as Array<{ category: string; quota: number }>).find((q) => q.category === category)?.quota ?? 0;

  it('when a sheet has bad rows, then each is reported by its row in Chinese and no row is written, not even the good ones', async () => {
    const fileBase64 = await sheet([
      ['石家庄市市场监督管理局', '执法执勤用车', 3],
      ['长安区人民政府办公室', '一般公务用车', 3],
      ['河北省发展和改革委员会', '一般公务用车', 9],
      ['石家庄市市场监督管理局', '飞行器', 1],
      ['长安区人民政府办公室', '一般公务用车', 4],
      ['河北公务出行汽车租赁有限公司', '一般公务用车', 5],
      ['石家庄市市场监督管理局', '应急保障用车', '2.5'],
    ]);
    const res = await wu.post('/api/fleet/quotas/import', { fileBase64 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('QUOTA_IMPORT_REJECTED');
    expect(res.body.error.message).toMatch(/^编制导入表有 5 行错误，未写入任何编制/);
    const details = res.body.error.details as Array<{ row: number; subject: string; message: string }>;
    expect(details.map((d) => d.row)).toEqual([4, 5, 6, 7, 8]);
    expect(details[0]).toMatchObject({ subject: '河北省发展和改革委员会', message: expect.stringContaining('不在您的管辖范围内') });
    expect(details[1]!.message).toContain('车辆类别「飞行器」');
    expect(details[2]!.message).toBe('与第 3 行重复（同一单位同一类别只能填一行）');
    expect(details[3]!.message).toContain('不是用车单位');
    expect(details[4]!.message).toContain('编制数「2.5」');
    expect(await quota(wu, samr, 'law_enforcement')).toBe(2);
    expect(await quota(wu, caGov, 'general')).toBe(2);
  });

  it('when every row is right, then all are written in one go, returned as the units\' 编制 use, and the import is in the audit trail', async () => {
    const fileBase64 = await sheet([['石家庄市市场监督管理局', '执法执勤用车', 3], ['长安区人民政府办公室', '一般公务用车', 1]]);
    const res = await wu.post('/api/fleet/quotas/import', { fileBase64 });
    expect(res.status).toBe(200);
    expect(res.body.written).toBe(2);
    expect(res.body.quotas).toEqual(expect.arrayContaining([
      expect.objectContaining({ unitId: samr, category: 'law_enforcement', quota: 3 }),
      // 长安区 already holds 2 general cars: lowering its 编制 below that flags the excess (超编), it does not refuse.
      expect.objectContaining({ unitId: caGov, category: 'general', quota: 1, over: true }),
    ]));
    expect(await quota(wu, samr, 'law_enforcement')).toBe(3);
    const audit = await chen.get(`/api/audit/entries?actorUserId=${wu.userId}`);
    expect(audit.body.items.find((e: { action: string; status: number }) => e.action === 'POST /api/fleet/quotas/import' && e.status === 200))
      .toMatchObject({ actorName: '吴芳', outcome: 'success', label: '从 Excel 导入单位编制（逐行校验，全部无误才写入）' });
    expect(audit.body.items.find((e: { action: string; status: number }) => e.action === 'POST /api/fleet/quotas/import' && e.status === 400))
      .toMatchObject({ outcome: 'failure', errorCode: 'QUOTA_IMPORT_REJECTED' });
  });

  it('when the province\'s 主管部门 downloads the template and imports it as it is, then its example rows are written', async () => {
    const bin = await zhou.get('/api/fleet/quota-import-template.xlsx').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(bin.status).toBe(200);
    const res = await zhou.post('/api/fleet/quotas/import', { fileBase64: (bin.body as Buffer).toString('base64') });
    expect(res.status).toBe(200);
    const ndrc = await seedUnitId(t, '河北省发展和改革委员会');
    expect(await quota(zhou, ndrc, 'general')).toBe(6);
    expect(await quota(zhou, ndrc, 'law_enforcement')).toBe(2);
  });

  it('when a unit\'s fleet admin, a file that is no workbook or a sheet without the columns is sent, then each is refused in Chinese', async () => {
    const fileBase64 = await sheet([['河北省发展和改革委员会', '一般公务用车', 99]]);
    const denied = await zhao.post('/api/fleet/quotas/import', { fileBase64 });
    expect(denied.status).toBe(403);
    const junk = await wu.post('/api/fleet/quotas/import', { fileBase64: Buffer.from('这不是表格文件，只是文字').toString('base64') });
    expect(junk.status).toBe(400);
    expect(junk.body.error).toMatchObject({ code: 'IMPORT_UNREADABLE', message: '无法读取该文件：请上传 .xlsx 格式的编制导入表' });
    const noColumns = await wu.post('/api/fleet/quotas/import', { fileBase64: await sheet([['石家庄市市场监督管理局', 3]], ['单位名称', '编制数(辆)']) });
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.error.message).toBe('导入表第 1 行缺少列：车辆类别（请使用编制导入模板）');
    const empty = await wu.post('/api/fleet/quotas/import', { fileBase64: await sheet([]) });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toContain('导入表没有数据行');
  });
});

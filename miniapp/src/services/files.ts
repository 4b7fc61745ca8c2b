import Taro from '@tarojs/taro';
import { ApiError, toApiError } from './http';
import { getToken } from './session.store';

/** A spreadsheet the user picked: its name and its bytes as base64 (the import routes take it so). */
export interface PickedFile { name: string; base64: string }

const XLSX_MAX_BYTES = 950 * 1024;
const tooBig = () => new ApiError(0, 'FILE_TOO_LARGE', '文件超过 950KB，请分成几个表分别导入', false);
const unreadable = () => new ApiError(0, 'FILE_UNREADABLE', '无法读取所选文件，请重新选择', false);

/**
 * Lets the user pick one .xlsx file. In WeChat a file comes from a chat (chooseMessageFile: the phone has
 * no file browser for mini-programs — the template is sent to oneself and picked from there); in the
 * browser build, where Taro has no chooseMessageFile, a hidden <input type="file">. Null: nothing picked.
 */
export async function pickSpreadsheet(): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'weapp') {
    let chosen: Taro.chooseMessageFile.SuccessCallbackResult;
    try {
      chosen = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['xlsx'] });
    } catch {
      return null; // cancelled
    }
    const file = chosen.tempFiles[0];
    if (!file) return null;
    if (file.size > XLSX_MAX_BYTES) throw tooBig();
    const base64 = await new Promise<string>((resolve, reject) => {
      Taro.getFileSystemManager().readFile({ filePath: file.path, encoding: 'base64', success: (r) => resolve(r.data as string), fail: () => reject(unreadable()) });
    });
    return { name: file.name, base64 };
  }
  const file = await new Promise<File | null>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    input.className = 'file-picker-input';
    input.style.display = 'none';
    const done = (f: File | null) => { input.remove(); resolve(f); };
    input.addEventListener('change', () => done(input.files?.[0] ?? null));
    input.addEventListener('cancel', () => done(null));
    document.body.appendChild(input);
    input.click();
  });
  if (!file) return null;
  if (file.size > XLSX_MAX_BYTES) throw tooBig();
  const base64 = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(unreadable());
    reader.readAsDataURL(file);
  });
  return { name: file.name, base64 };
}

/**
 * A spreadsheet the server makes (an import template, a statement, Appendix A, a 报销单): fetched with the
 * token, not linked. In WeChat downloadFile + openDocument (the viewer's menu forwards it to a chat, from
 * where it is filled and picked again); in the browser a download. `path` starts with /api/.
 */
export async function downloadSpreadsheet(path: string, fileName: string, linkClass?: string): Promise<void> {
  const url = `${API_BASE}${path}`;
  const header: Record<string, string> = {};
  const token = getToken();
  if (token) header.Authorization = `Bearer ${token}`;
  if (process.env.TARO_ENV === 'weapp') {
    const res = await Taro.downloadFile({ url, header }).catch(() => { throw new ApiError(0, 'NETWORK_ERROR', '下载失败，请检查网络后重试', false); });
    if (res.statusCode !== 200) throw new ApiError(res.statusCode, `HTTP_${res.statusCode}`, `下载失败（${res.statusCode}），请稍后重试`, false);
    await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true });
    return;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers: header });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '下载失败，请检查网络后重试', false);
  }
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => undefined));
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  if (linkClass) a.className = linkClass;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

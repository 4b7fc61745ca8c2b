import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { ImportRowError } from '@shared/fleet/lifecycle.schemas';
import { downloadSpreadsheet, pickSpreadsheet } from '../services/files';
import { ApiError } from '../services/http';
import './import-card.css';

/** What an import came to: one line, and the rows that were refused (with why). */
export interface ImportOutcome { ok: boolean; summary: string; errors: ImportRowError[] }

/**
 * 从 Excel 导入: the template to download, the file to pick (WeChat: from a chat; browser: a file input),
 * and the import's row-by-row result — which rows were refused and why, in the server's Chinese.
 */
export function ImportCard({ title, hint, template, hook, run }: {
  title: string; hint: string; template: { path: string; fileName: string }; hook: string;
  run: (fileBase64: string) => Promise<ImportOutcome>;
}) {
  const [busy, setBusy] = useState(false);
  const [fileName, setFileName] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  async function upload(): Promise<void> {
    if (busy) return;
    setFailure(null);
    let picked;
    try {
      picked = await pickSpreadsheet();
    } catch (e) {
      setFailure(e instanceof Error ? e.message : '无法读取所选文件，请重新选择');
      return;
    }
    if (!picked) return;
    setFileName(picked.name);
    setOutcome(null);
    setBusy(true);
    try {
      setOutcome(await run(picked.base64));
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : '导入失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  }

  async function downloadTemplate(): Promise<void> {
    try {
      await downloadSpreadsheet(template.path, template.fileName);
    } catch (e) {
      void Taro.showToast({ title: e instanceof Error ? e.message : '下载失败', icon: 'none' });
    }
  }

  return (
    <View className={`card import-card ${hook}`}>
      <Text className="card-title">{title}</Text>
      <Text className="item-line muted">{hint}</Text>
      <View className="item-actions">
        <View className={`btn btn-ghost ${hook}-template`} onClick={() => void downloadTemplate()}>下载模板</View>
        <View className={`btn btn-primary ${hook}-upload${busy ? ' is-disabled' : ''}`} onClick={() => void upload()}>{busy ? '导入中…' : '选择文件导入'}</View>
      </View>
      {fileName ? <Text className={`item-line muted ${hook}-file`}>文件：{fileName}</Text> : null}
      {failure ? <View className={`form-banner form-banner-error ${hook}-failure`}>{failure}</View> : null}
      {outcome ? (
        <View className={`import-result ${hook}-result ${outcome.ok ? 'is-ok' : 'is-refused'}`}>
          <View className={`form-banner ${outcome.errors.length ? 'form-banner-error' : 'form-banner-ok'} ${hook}-summary`}>{outcome.summary}</View>
          {outcome.errors.map((e) => (
            <View key={`${e.row}/${e.subject}`} className={`import-error-row ${hook}-row-${e.row}`}>
              <Text className="import-error-where">第 {e.row} 行{e.subject ? ` · ${e.subject}` : ''}</Text>
              <Text className="import-error">{e.message}</Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

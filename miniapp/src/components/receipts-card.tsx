import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { receiptKindLabel, receiptKinds, type Receipt } from '@shared/trips/receipts.schemas';
import { deleteReceipt, fetchReceipts, uploadReceipt } from '../services/trips.api';
import { absoluteUrl } from '../services/http';
import './work.css';
import './receipts-card.css';

/**
 * 票据照片 of one assignment: thumbnails that open full size; with `editable` (the driver, on the
 * trip or just back) a photo can be added by kind and a wrong one taken back.
 */
export function ReceiptsCard({ assignmentId, editable = false, title = '票据照片' }: { assignmentId: number; editable?: boolean; title?: string }) {
  const [items, setItems] = useState<Receipt[] | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setItems(await fetchReceipts(assignmentId));
    } catch {
      setItems([]);
    }
  }, [assignmentId]);
  useEffect(() => { void load(); }, [load]);

  async function add(): Promise<void> {
    try {
      const sheet = await Taro.showActionSheet({ itemList: receiptKinds.map((k) => receiptKindLabel[k]) });
      const kind = receiptKinds[sheet.tapIndex];
      if (!kind) return;
      const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] });
      const path = chosen.tempFilePaths[0];
      if (!path) return;
      setBusy(true);
      await uploadReceipt(assignmentId, kind, path);
      void Taro.showToast({ title: '票据已上传', icon: 'success' });
      await load();
    } catch {
      // Cancelled, or the http client has shown the server's message.
    } finally {
      setBusy(false);
    }
  }

  async function remove(r: Receipt): Promise<void> {
    const answer = await Taro.showModal({ title: '删除票据', content: `删除这张「${r.kindLabel}」票据？`, confirmText: '删除' });
    if (!answer.confirm) return;
    await deleteReceipt(r.id).catch(() => undefined);
    await load();
  }

  if (items === null) return null;
  if (!editable && items.length === 0) return null;
  const urls = items.map((r) => absoluteUrl(r.url));
  return (
    <View className={`card receipts-card receipts-of-${assignmentId}`}>
      <Text className="card-title">{title}</Text>
      <View className="receipt-grid">
        {items.map((r, i) => (
          <View key={r.id} className={`receipt-item receipt-${r.id} receipt-kind-${r.kind}`}>
            <Image className="receipt-thumb" src={urls[i] as string} mode="aspectFill" onClick={() => void Taro.previewImage({ urls, current: urls[i] as string })} />
            <Text className="receipt-label">{r.kindLabel}</Text>
            {editable ? <Text className="receipt-delete" onClick={() => void remove(r)}>删除</Text> : null}
          </View>
        ))}
        {editable ? (
          <View className={`receipt-add${busy ? ' is-busy' : ''}`} onClick={() => { if (!busy) void add(); }}>
            <Text className="receipt-add-plus">{busy ? '…' : '+'}</Text>
            <Text className="receipt-label">{busy ? '上传中' : '添加票据'}</Text>
          </View>
        ) : null}
      </View>
      {editable ? <Text className="muted">油费/充电、过路过桥费、停车费等票据请拍照上传，交车审核时一并核对。</Text> : null}
    </View>
  );
}

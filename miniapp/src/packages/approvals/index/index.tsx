import { useCallback, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { fetchInbox } from '../../../services/approvals.api';
import { usePagedList } from '../../../components/use-paged-list';
import { ListFooter } from '../../../components/list-footer';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { ApprovalCard } from '../approval-card';
import '../../../components/work.css';

/** 审批收件箱: every kind in one list; 待我审批 and 我已审批. */
export default function ApprovalsIndex() {
  const [box, setBox] = useState<'waiting' | 'decided'>('waiting');
  const fetchPage = useCallback((page: number) => fetchInbox({ box, page }), [box]);
  const list = usePagedList(fetchPage);

  return (
    <View className={`page approvals-page approvals-box-${box}`}>
      <View className="work-header">
        <View>
          <Text className="work-header-title">事务审批</Text>
          <Text className="work-header-sub">公务用车、车辆更新与处置、超标准预订等</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="tabs">
        <View className={`tab approvals-tab-waiting${box === 'waiting' ? ' is-active' : ''}`} onClick={() => setBox('waiting')}>
          待我审批{box === 'waiting' && list.total ? `（${list.total}）` : ''}
        </View>
        <View className={`tab approvals-tab-decided${box === 'decided' ? ' is-active' : ''}`} onClick={() => setBox('decided')}>我已审批</View>
      </View>
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? (
        box === 'waiting'
          ? <Empty title="没有待审批事项" hint="有新的申请提交时会通知您，下拉可刷新" />
          : <Empty title="暂无审批记录" hint="您同意、驳回或退回的事项会出现在这里" />
      ) : null}
      {list.items.map((item) => <ApprovalCard key={item.id} item={item} />)}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}

import { View, Text } from '@tarojs/components';
import { roleLabel, roles, type DemoUser, type Role } from '@shared/identity/identity.schemas';
import { Empty } from '../../components/empty';

export interface DemoUserListProps {
  users: DemoUser[];
  busyId: number | null;
  onPick: (userId: number) => void;
}

/** Groups by each user's first role, so every user appears once (one `demo-user-<id>` hook). */
function groupByRole(users: DemoUser[]): { role: Role; users: DemoUser[] }[] {
  return roles
    .map((role) => ({ role, users: users.filter((u) => u.roles[0] === role) }))
    .filter((g) => g.users.length > 0);
}

export function DemoUserList({ users, busyId, onPick }: DemoUserListProps) {
  if (users.length === 0) {
    return <Empty title="暂无演示账号" hint="请先运行 npm run seed 生成演示数据，再刷新本页" />;
  }
  return (
    <View className="demo-list">
      {groupByRole(users).map((group) => (
        <View key={group.role} className={`card demo-group demo-group-${group.role}`}>
          <Text className="demo-group-title">{roleLabel[group.role]}</Text>
          {group.users.map((user, index) => (
            <View
              key={user.id}
              className={`demo-user demo-user-${user.id}${index === 0 ? ' is-first' : ''}${busyId === user.id ? ' is-busy' : ''}`}
              onClick={() => onPick(user.id)}
            >
              <View className="demo-user-main">
                <Text className="demo-user-name">{user.name}</Text>
                <View className="demo-user-roles">
                  {user.roles.map((r) => (
                    <Text key={r} className="tag">{roleLabel[r]}</Text>
                  ))}
                </View>
                <Text className="muted demo-user-unit">{user.unitName} · {user.regionName}</Text>
              </View>
              <Text className="demo-user-go">{busyId === user.id ? '登录中…' : '登录'}</Text>
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}

import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { roleLabel } from '@shared/identity/identity.schemas';
import { useCurrentUser } from '../../features/use-current-user';
import { tilesByRole, type HomeTile } from '../../features/home-tiles';
import { Loading } from '../../components/loading';
import { ErrorBlock } from '../../components/error-block';
import { Empty } from '../../components/empty';
import { RoleSwitcher } from '../../components/role-switcher';
import { BottomNav } from '../../components/bottom-nav';
import './index.css';

function Tile({ tile }: { tile: HomeTile }) {
  return (
    <View className={`home-tile home-tile-${tile.id}`} onClick={() => void Taro.navigateTo({ url: tile.url })}>
      <View className="home-tile-glyph" style={{ background: tile.color }}>{tile.glyph}</View>
      <Text className="home-tile-title">{tile.title}</Text>
      <Text className="home-tile-desc">{tile.desc}</Text>
    </View>
  );
}

export default function HomePage() {
  const { user, role, error, refresh, switchRole } = useCurrentUser();

  if (!user || !role) {
    return (
      <View className="page page-with-nav home-page">
        {error ? <ErrorBlock error={error} onRetry={refresh} /> : <Loading />}
        <BottomNav current="home" />
      </View>
    );
  }

  const tiles = tilesByRole[role];
  return (
    <View className="page page-with-nav home-page">
      <View className="home-hero">
        <Text className="home-greeting">您好，<Text className="home-user-name">{user.name}</Text></Text>
        <Text className="home-user-unit">{user.unit.name}</Text>
        <Text className="home-user-region">{user.region.name}</Text>
        <Text className={`home-current-role home-current-role-${role}`}>当前身份：{roleLabel[role]}</Text>
      </View>

      {user.roles.length > 1 ? (
        <View className="card home-roles">
          <Text className="home-roles-title">切换身份</Text>
          <RoleSwitcher roles={user.roles} current={role} onChange={switchRole} hookPrefix="home-role" />
        </View>
      ) : null}

      <Text className="section-title">{roleLabel[role]}常用功能</Text>
      {tiles.length ? (
        <View className="home-tiles">
          {tiles.map((t) => <Tile key={t.id} tile={t} />)}
        </View>
      ) : (
        <Empty title="暂无可用功能" hint="请联系本单位管理员为您分配角色" />
      )}
      <BottomNav current="home" />
    </View>
  );
}

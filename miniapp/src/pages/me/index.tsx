import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import {
  isPrivileged, regionLevelLabel, roleLabel, unitKindLabel, type Role,
} from '@shared/identity/identity.schemas';
import { logout } from '../../services/identity.api';
import { useCurrentUser } from '../../features/use-current-user';
import { LOGIN_URL } from '../../services/session.store';
import { roleNames } from '../../utils/format';
import { Loading } from '../../components/loading';
import { ErrorBlock } from '../../components/error-block';
import { RoleSwitcher } from '../../components/role-switcher';
import { BottomNav } from '../../components/bottom-nav';
import './index.css';

function Row({ label, value, hook }: { label: string; value: string; hook: string }) {
  return (
    <View className={`me-row ${hook}`}>
      <Text className="me-row-label">{label}</Text>
      <Text className="me-row-value">{value}</Text>
    </View>
  );
}

export default function MePage() {
  const { user, role, error, refresh, switchRole: applyRole } = useCurrentUser();
  const [signingOut, setSigningOut] = useState(false);

  function switchRole(next: Role): void {
    applyRole(next);
    void Taro.showToast({ title: `已切换为${roleLabel[next]}`, icon: 'none' });
  }

  async function signOut(): Promise<void> {
    const { confirm } = await Taro.showModal({ title: '退出登录', content: '确定要退出当前账号吗？', confirmColor: '#1677ff' });
    if (!confirm) return;
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // The device has forgotten the session anyway (see logout()).
    }
    await Taro.reLaunch({ url: LOGIN_URL });
  }

  if (!user || !role) {
    return (
      <View className="page page-with-nav me-page">
        {error ? <ErrorBlock error={error} onRetry={refresh} /> : <Loading />}
        <BottomNav current="me" />
      </View>
    );
  }

  return (
    <View className="page page-with-nav me-page">
      <View className="me-hero">
        <View className="me-avatar">{user.name.slice(0, 1)}</View>
        <View>
          <Text className="me-name">{user.name}</Text>
          <Text className="me-roles">{roleNames(user.roles)}</Text>
        </View>
      </View>

      <View className="card me-profile">
        <Row label="手机号" value={user.phoneMasked} hook="me-phone" />
        <Row label="单位" value={user.unit.name} hook="me-unit" />
        <Row label="单位类型" value={unitKindLabel[user.unit.kind]} hook="me-unit-kind" />
        <Row label="所属区划" value={`${user.region.name}（${regionLevelLabel[user.region.level]}）`} hook="me-region" />
        <Row label="当前身份" value={roleLabel[role]} hook="me-current-role" />
      </View>

      {user.roles.length > 1 ? (
        <View className="card">
          <Text className="me-section-title">切换身份</Text>
          <RoleSwitcher roles={user.roles} current={role} onChange={switchRole} hookPrefix="me-role" />
        </View>
      ) : null}

      {isPrivileged(user.roles) ? (
        <View className="card me-totp" onClick={() => void Taro.navigateTo({ url: '/packages/security/totp/index' })}>
          <View className="me-row">
            <Text className="me-row-label">动态口令（两步验证）</Text>
            <Text className="me-row-value me-totp-go">设置 ›</Text>
          </View>
        </View>
      ) : null}

      <View className="card">
        <View
          className={`btn btn-danger me-logout${signingOut ? ' is-disabled' : ''}`}
          onClick={() => { if (!signingOut) void signOut(); }}
        >
          {signingOut ? '正在退出…' : '退出登录'}
        </View>
      </View>
      <BottomNav current="me" />
    </View>
  );
}

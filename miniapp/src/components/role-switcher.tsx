import { View, Text } from '@tarojs/components';
import { roleLabel, type Role } from '@shared/identity/identity.schemas';
import './components.css';

export interface RoleSwitcherProps {
  roles: readonly Role[];
  current: Role;
  onChange: (role: Role) => void;
  /** Class prefix for test hooks: each chip gets `<prefix>-<role>`. */
  hookPrefix: string;
}

/** Shown only to users who hold several roles (JOURNEYS.md "Everyone"). */
export function RoleSwitcher({ roles, current, onChange, hookPrefix }: RoleSwitcherProps) {
  if (roles.length < 2) return null;
  return (
    <View className={`role-switcher ${hookPrefix}-switcher`}>
      {roles.map((role) => (
        <View
          key={role}
          className={`role-chip ${hookPrefix}-${role}${role === current ? ' is-active' : ''}`}
          onClick={() => onChange(role)}
        >
          <Text>{roleLabel[role]}</Text>
        </View>
      ))}
    </View>
  );
}

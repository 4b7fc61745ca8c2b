import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import type { TotpChallenge } from '@shared/identity/identity.schemas';
import { verifyTotp } from '../../services/identity.api';
import { ApiError } from '../../services/http';

/**
 * The second step of an enrolled administrator's or supervisor's sign-in (#19 item 5): the 6-digit code
 * from their authenticator app. A spent or expired prompt sends them back to sign in again.
 */
export function TotpPrompt({ challenge, onSignedIn, onCancel }: { challenge: TotpChallenge; onSignedIn: () => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(): Promise<void> {
    if (busy) return;
    if (!/^\d{6}$/.test(code)) {
      setError('动态口令为 6 位数字');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await verifyTotp(challenge.challenge, code);
      onSignedIn();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_CHALLENGE_INVALID') onCancel();
      else setError(e instanceof ApiError ? e.message : '验证失败，请重试');
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card login-card totp-prompt">
      <Text className="totp-title">动态口令验证</Text>
      <Text className="totp-note">{challenge.name}，您的账号已开启两步验证。请打开身份验证器，输入当前显示的 6 位动态口令。</Text>
      <Input
        className="totp-code-input"
        type="number"
        maxlength={6}
        value={code}
        placeholder="6 位动态口令"
        placeholderClass="form-placeholder"
        focus
        onInput={(e) => setCode(e.detail.value.replace(/\D/g, '').slice(0, 6))}
        onConfirm={() => void submit()}
      />
      {error ? <Text className="form-error totp-error">{error}</Text> : null}
      <View className={`btn btn-primary totp-verify${busy ? ' is-disabled' : ''}`} onClick={() => void submit()}>
        {busy ? '验证中…' : '验证并登录'}
      </View>
      <View className="totp-cancel" onClick={onCancel}>返回重新选择账号</View>
    </View>
  );
}

import { useState } from 'react';
import { View, Text, Input, Image } from '@tarojs/components';
import type { TotpEnrolmentRequired } from '@shared/identity/identity.schemas';
import { verifyTotpEnrolment } from '../../services/identity.api';
import { ApiError } from '../../services/http';

/** The secret in groups of four, as authenticator apps ask it to be typed. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * The sign-in of an administrator or supervisor who must hold a second factor and has not bound one
 * (#19 item 5, 等保 level 3): before any session they scan the QR code (or type the secret) into an
 * authenticator app and enter its first code, which binds it and signs them in.
 */
export function TotpEnrolPrompt({ enrolment, onSignedIn, onCancel }: { enrolment: TotpEnrolmentRequired; onSignedIn: () => void; onCancel: () => void }) {
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
      await verifyTotpEnrolment(enrolment.challenge, code);
      onSignedIn();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'TOTP_CHALLENGE_INVALID') onCancel();
      else setError(e instanceof ApiError ? e.message : '绑定失败，请重试');
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card login-card totp-prompt totp-enrol-prompt">
      <Text className="totp-title">请先绑定动态口令</Text>
      <Text className="totp-note">{enrolment.name}，管理员与主管部门账号须开启两步验证后才能登录。请用手机上的身份验证器（如“腾讯身份验证器”）扫描下方二维码：</Text>
      <Image className="totp-qr" src={enrolment.enrolment.qrCode} mode="aspectFit" />
      <Text className="totp-note">无法扫码时，在验证器中选择“手动输入密钥”（基于时间）：</Text>
      <Text className="totp-secret" selectable>{grouped(enrolment.enrolment.secret)}</Text>
      <Text className="totp-note">然后输入验证器上显示的 6 位动态口令：</Text>
      <Input
        className="totp-code-input"
        type="number"
        maxlength={6}
        value={code}
        placeholder="6 位动态口令"
        placeholderClass="form-placeholder"
        onInput={(e) => setCode(e.detail.value.replace(/\D/g, '').slice(0, 6))}
        onConfirm={() => void submit()}
      />
      {error ? <Text className="form-error totp-error">{error}</Text> : null}
      <View className={`btn btn-primary totp-enrol-verify${busy ? ' is-disabled' : ''}`} onClick={() => void submit()}>
        {busy ? '绑定中…' : '绑定并登录'}
      </View>
      <View className="totp-cancel" onClick={onCancel}>返回重新选择账号</View>
    </View>
  );
}

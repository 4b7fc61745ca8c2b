import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text, Input, Image } from '@tarojs/components';
import type { TotpEnrolment, TotpStatus } from '@shared/identity/identity.schemas';
import { confirmTotp, enrolTotp, fetchTotpStatus } from '../../../services/identity.api';
import { ApiError } from '../../../services/http';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import '../../../components/work.css';
import './index.css';

/** The secret in groups of four, as authenticator apps ask it to be typed. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

/**
 * 我的 → 动态口令 (#19 item 5): an administrator or supervisor binds an authenticator app (TOTP). The secret
 * is shown once, as a QR code of the otpauth link, the link and text to type; the first code confirms it. From then on their
 * sign-in asks for the code, and their session ends after the configured idle time.
 */
export default function TotpPage() {
  const [status, setStatus] = useState<TotpStatus | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    setLoadError(null);
    fetchTotpStatus().then(setStatus).catch(setLoadError);
  }, []);
  useEffect(load, [load]);
  useDidShow(() => { requireSession(); });

  async function start(): Promise<void> {
    if (busy) return;
    setBusy(true);
    try {
      setEnrolment(await enrolTotp());
      setCode('');
      setError(null);
    } catch {
      // The http client has shown the server's message.
    } finally {
      setBusy(false);
    }
  }

  async function confirm(): Promise<void> {
    if (busy) return;
    if (!/^\d{6}$/.test(code)) {
      setError('动态口令为 6 位数字');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setStatus(await confirmTotp(code));
      setEnrolment(null);
      void Taro.showToast({ title: '动态口令已绑定', icon: 'success' });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '绑定失败，请重试');
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  if (loadError) return <View className="page"><ErrorBlock error={loadError} onRetry={load} /></View>;
  if (!status) return <View className="page"><Loading /></View>;

  return (
    <View className="page totp-page">
      <View className="card">
        <Text className="totp-h">两步验证</Text>
        {!status.eligible ? (
          <Text className="totp-p totp-not-eligible">动态口令用于平台管理员与主管部门账号，您的账号无需绑定。</Text>
        ) : status.enrolled ? (
          <View className="totp-state-box totp-enrolled">
            <Text className="totp-state is-on">已绑定</Text>
            <Text className="totp-p">登录时除选择账号（或微信登录）外，还须输入身份验证器上的 6 位动态口令。</Text>
            {status.idleMinutes > 0 ? <Text className="totp-p">连续 {status.idleMinutes} 分钟未操作将自动退出登录。</Text> : null}
          </View>
        ) : (
          <View className="totp-state-box">
            <Text className="totp-state">未绑定</Text>
            <Text className="totp-p">管理员与主管部门账号须开启两步验证：用手机上的身份验证器（如“腾讯身份验证器”“Microsoft Authenticator”）生成动态口令，绑定后每次登录都要输入。</Text>
          </View>
        )}
      </View>

      {status.eligible && !status.enrolled && !enrolment ? (
        <View className="card">
          <View className={`btn btn-primary totp-start${busy ? ' is-disabled' : ''}`} onClick={() => void start()}>
            {busy ? '正在生成…' : '开始绑定'}
          </View>
        </View>
      ) : null}

      {enrolment ? (
        <View className="card totp-enrolment">
          <Text className="totp-step">第一步：在身份验证器中添加账号</Text>
          <Text className="totp-p">用身份验证器扫描二维码：</Text>
          <Image className="totp-qr" src={enrolment.qrCode} mode="aspectFit" />
          <Text className="totp-p">无法扫码时，打开下方链接，或选择“手动输入密钥”，输入这串密钥（基于时间）：</Text>
          <Text className="totp-secret" selectable>{grouped(enrolment.secret)}</Text>
          <Text className="totp-uri" selectable>{enrolment.otpauthUri}</Text>
          <Text className="totp-p totp-warn">密钥只显示这一次，请勿截图外传。</Text>
          <Text className="totp-step">第二步：输入验证器上显示的 6 位动态口令</Text>
          <Input
            className="totp-code-input totp-confirm-input"
            type="number"
            maxlength={6}
            value={code}
            placeholder="6 位动态口令"
            placeholderClass="form-placeholder"
            onInput={(e) => setCode(e.detail.value.replace(/\D/g, '').slice(0, 6))}
            onConfirm={() => void confirm()}
          />
          {error ? <Text className="form-error totp-error">{error}</Text> : null}
          <View className={`btn btn-primary totp-confirm${busy ? ' is-disabled' : ''}`} onClick={() => void confirm()}>
            {busy ? '确认中…' : '确认绑定'}
          </View>
        </View>
      ) : null}
    </View>
  );
}

import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { DemoUser, TotpChallenge, TotpEnrolmentRequired } from '@shared/identity/identity.schemas';
import { demoLogin, fetchDemoUsers, wxLogin } from '../../services/identity.api';
import { getToken, HOME_URL } from '../../services/session.store';
import { Loading } from '../../components/loading';
import { ErrorBlock } from '../../components/error-block';
import { DemoUserList } from './demo-user-list';
import { TotpPrompt } from './totp-prompt';
import { TotpEnrolPrompt } from './totp-enrol-prompt';
import './index.css';

/** wx.login exists only inside WeChat; the browser build signs in with demo accounts. */
const IS_WEAPP = process.env.TARO_ENV === 'weapp';

type DemoState =
  | { kind: 'loading' }
  | { kind: 'ready'; users: DemoUser[] }
  | { kind: 'disabled' }
  | { kind: 'error'; error: unknown };

export default function LoginPage() {
  const [demo, setDemo] = useState<DemoState>({ kind: 'loading' });
  const [busy, setBusy] = useState<number | 'wx' | null>(null);
  const [challenge, setChallenge] = useState<TotpChallenge | null>(null);
  const [enrolment, setEnrolment] = useState<TotpEnrolmentRequired | null>(null);

  const loadDemoUsers = useCallback(() => {
    setDemo({ kind: 'loading' });
    fetchDemoUsers()
      .then((users) => setDemo(users ? { kind: 'ready', users } : { kind: 'disabled' }))
      .catch((error: unknown) => setDemo({ kind: 'error', error }));
  }, []);

  useEffect(loadDemoUsers, [loadDemoUsers]);

  useDidShow(() => {
    if (getToken()) void Taro.reLaunch({ url: HOME_URL });
  });

  async function signIn(how: number | 'wx'): Promise<void> {
    if (busy !== null) return;
    setBusy(how);
    try {
      const outcome = await (how === 'wx' ? wxLogin() : demoLogin(how));
      if (outcome.kind === 'totp') setChallenge(outcome.challenge);
      else if (outcome.kind === 'totp-enrol') setEnrolment(outcome.enrolment);
      else await Taro.reLaunch({ url: HOME_URL });
    } catch {
      // The http client has already shown the server's message.
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="page login-page">
      <View className="login-hero">
        <Text className="login-title">公务用车服务平台</Text>
        <Text className="login-subtitle">河北省公务用车监管服务平台</Text>
      </View>

      {enrolment ? (
        <TotpEnrolPrompt enrolment={enrolment} onSignedIn={() => void Taro.reLaunch({ url: HOME_URL })} onCancel={() => setEnrolment(null)} />
      ) : challenge ? (
        <TotpPrompt challenge={challenge} onSignedIn={() => void Taro.reLaunch({ url: HOME_URL })} onCancel={() => setChallenge(null)} />
      ) : (
        <View className="card login-card">
          {IS_WEAPP ? (
            <View
              className={`btn btn-primary login-wechat${busy === 'wx' ? ' is-disabled' : ''}`}
              onClick={() => void signIn('wx')}
            >
              {busy === 'wx' ? '登录中…' : '微信一键登录'}
            </View>
          ) : (
            <Text className="login-h5-note">
              浏览器中无法使用微信登录，请在微信小程序中打开；演示环境可选择下方演示账号登录。
            </Text>
          )}
        </View>
      )}

      {demo.kind === 'disabled' || challenge || enrolment ? null : (
        <View className="login-demo">
          <Text className="section-title">演示账号</Text>
          {demo.kind === 'loading' ? <Loading text="正在加载演示账号…" /> : null}
          {demo.kind === 'error' ? (
            <View className="card">
              <ErrorBlock error={demo.error} title="演示账号加载失败" onRetry={loadDemoUsers} />
            </View>
          ) : null}
          {demo.kind === 'ready' ? (
            <DemoUserList users={demo.users} busyId={typeof busy === 'number' ? busy : null} onPick={(id) => void signIn(id)} />
          ) : null}
        </View>
      )}
    </View>
  );
}

import Taro from '@tarojs/taro';

/**
 * H5 only: a 返回 control over every sub-page. In WeChat the native navigation bar has one; the H5
 * build's own bar (Taro 4.1 router) shows no back icon, so the browser's back was the only way out.
 * It goes back when there is a page to go back to, else home (a sub-page opened from a link).
 * Main-package pages (home, 我的, sign-in) are where one goes back to: they get none.
 */
export function installH5BackControl(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return;
  const bar = document.createElement('div');
  bar.className = 'h5-back-bar';
  const back = document.createElement('div');
  back.className = 'h5-back';
  back.setAttribute('role', 'button');
  back.setAttribute('aria-label', '返回上一页');
  back.textContent = '‹ 返回';
  back.addEventListener('click', () => {
    if (Taro.getCurrentPages().length > 1) void Taro.navigateBack();
    else void Taro.reLaunch({ url: '/pages/home/index' });
  });
  bar.appendChild(back);
  document.body.appendChild(bar);
  const update = (path: string) => {
    const sub = /(^|\/)packages\//.test(path);
    bar.style.display = sub ? '' : 'none';
    document.body.classList.toggle('h5-with-back', sub);
  };
  Taro.eventCenter.on('__afterTaroRouterChange', (e: { toLocation?: { path?: string } }) => update(e?.toLocation?.path ?? ''));
  update(window.location.hash.replace(/^#/, ''));
}

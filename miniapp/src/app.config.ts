/**
 * Main package: sign-in, home and 我的 only (STYLE.md "Mini-program UI": keep the main package small).
 * Each capability is one subpackage, replaced by its owner without touching the others.
 */
export default defineAppConfig({
  pages: ['pages/home/index', 'pages/login/index', 'pages/me/index'],
  subPackages: [
    { root: 'packages/trips', pages: ['index/index', 'new/index', 'detail/index', 'messages/index'] },
    { root: 'packages/approvals', pages: ['index/index', 'detail/index'] },
    { root: 'packages/dispatch', pages: ['index/index', 'trip/index', 'review/index', 'emergency/index', 'day-plan/index'] },
    { root: 'packages/driver', pages: ['index/index', 'task/index'] },
    { root: 'packages/fleet', pages: ['index/index', 'detail/index', 'track/index', 'apply/index', 'records/index'] },
    { root: 'packages/rental', pages: ['index/index', 'rental/index', 'mine/index', 'company/index', 'orders/index', 'deposit/index'] },
    { root: 'packages/reservations', pages: ['index/index', 'detail/index', 'supplier/index'] },
    { root: 'packages/travel', pages: ['index/index', 'apply/index', 'detail/index'] },
    { root: 'packages/finance', pages: ['index/index', 'statement/index', 'company-statements/index', 'reconciliation/index'] },
    { root: 'packages/supervision', pages: ['index/index', 'warning/index', 'geofences/index'] },
    { root: 'packages/admin', pages: ['index/index', 'feed/index'] },
    { root: 'packages/security', pages: ['totp/index'] },
    { root: 'packages/violations', pages: ['index/index', 'detail/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1677ff',
    navigationBarTitleText: '公务用车服务平台',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
  // The trip form's 使用当前位置 (Taro.getLocation): WeChat asks for both the declaration and the reason.
  requiredPrivateInfos: ['getLocation'],
  permission: { 'scope.userLocation': { desc: '用于把当前位置填为行程的出发地或目的地，以及查找附近的分时租赁车辆' } },
});

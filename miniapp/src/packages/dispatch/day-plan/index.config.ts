/**
 * No pull-down refresh: Taro H5 wraps such a page in an inline <taro-pull-to-refresh-core>, which
 * Chromium reports on top of some of its block children, so taps there fail the browser tests'
 * hit check; the page reloads on a date change and polls a running plan.
 */
export default definePageConfig({ navigationBarTitleText: '排班方案' });

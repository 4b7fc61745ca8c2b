export { gazetteer, startFakeTencentMap, suggestion } from './fake-tencent-map';
export type { RunningFakeTencentMap } from './fake-tencent-map';
export type { GazetteerEntry } from './gazetteer-landmarks';

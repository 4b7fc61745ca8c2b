export { startFakeSupervisionUpstream, FEED_PATH } from './fake-supervision-upstream';
export type { RunningFakeSupervisionUpstream, HeldRecord, FakeUpstreamOptions } from './fake-supervision-upstream';

import os from 'node:os';
import { httpWorkers } from '../../../server/src/cluster';

const backends = { DATABASE_URL: 'mysql://root@127.0.0.1:3306/test', REDIS_URL: 'redis://127.0.0.1:6379/0' };

describe('HTTP_WORKERS (npm start as one process per core)', () => {
  it('when it is unset or 1, then one process serves, on any backend', () => {
    expect(httpWorkers({})).toBe(1);
    expect(httpWorkers({ HTTP_WORKERS: '1' })).toBe(1);
  });

  it('when it is auto or a number with MariaDB and Redis configured, then that many processes (auto: one per core)', () => {
    expect(httpWorkers({ ...backends, HTTP_WORKERS: 'auto' })).toBe(os.availableParallelism());
    expect(httpWorkers({ ...backends, HTTP_WORKERS: '3' })).toBe(3);
  });

  it('when several are asked for on the embedded default, then start-up stops naming HTTP_WORKERS and what is missing', () => {
    expect(() => httpWorkers({ HTTP_WORKERS: '2' })).toThrow(/HTTP_WORKERS.*DATABASE_URL 和 REDIS_URL/);
    expect(() => httpWorkers({ HTTP_WORKERS: '2', DATABASE_URL: backends.DATABASE_URL })).toThrow(/HTTP_WORKERS/);
  });

  it('when the value is not a whole number from 1 to 64 or auto, then start-up stops quoting it', () => {
    for (const bad of ['0', '2.5', 'many', '65']) expect(() => httpWorkers({ ...backends, HTTP_WORKERS: bad })).toThrow(`「${bad}」`);
  });
});

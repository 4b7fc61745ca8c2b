// Worker thread entry: the server runs TypeScript through tsx, and a worker thread starts without
// it; register tsx here, then load the worker itself.
require('tsx/cjs/api').register();
require('./day-plan.worker.ts');

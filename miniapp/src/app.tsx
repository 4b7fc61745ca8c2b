import type { PropsWithChildren } from 'react';
import './app.css';
// Form messages from the shared schemas in Chinese (zod's zh-CN locale), as the server answers them.
import '@shared/common/zod-locale';
import { installH5BackControl } from './components/h5-back-control';

installH5BackControl();

/** The app shell: pages guard themselves (see services/session.ts), so nothing runs at launch. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;

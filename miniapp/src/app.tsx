import type { PropsWithChildren } from 'react';
import './app.css';

/** The app shell: pages guard themselves (see services/session.ts), so nothing runs at launch. */
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;

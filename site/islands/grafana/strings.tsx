import { createContext, useContext, type ReactNode } from 'react';
import type { LiveStrings } from '../../lib/live/strings.ts';

/** The page's translated strings for its islands (site/lib/live/strings.ts), set per island root. */
const StringsContext = createContext<LiveStrings | null>(null);

export function StringsProvider({ strings, children }: { strings: LiveStrings; children: ReactNode }) {
  return <StringsContext.Provider value={strings}>{children}</StringsContext.Provider>;
}

export function useStrings(): LiveStrings {
  const strings = useContext(StringsContext);
  if (strings === null) throw new Error('useStrings() outside an island root (mount.tsx)');
  return strings;
}

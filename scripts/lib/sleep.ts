/** Resolves after `ms` milliseconds: the one pause every poll loop in scripts/ and tests/ waits on. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

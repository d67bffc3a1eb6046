/** Defaults of bench selftest, read by its flags' help and by the action. */
export const SELFTEST_DEFAULTS = { clients: 10_000 } as const;

/** Defaults of bench merge, read by its flags' help and by the merge itself. */

/** Default for --max-start-skew, in ms. */
export const DEFAULT_MAX_START_SKEW_MS = 1000;

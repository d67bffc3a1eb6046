/** --per-message-deflate's three settings, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { parsePerMessageDeflate } from '../../../bench/config/flag-parsers.js';
import { resolveRunConfig } from '../../../bench/config/run-config.js';

describe('--per-message-deflate', () => {
  it('is on alone or as on, off as off or negated, and library for each library at its own default', () => {
    expect(parsePerMessageDeflate(true)).toBe(true);
    expect(parsePerMessageDeflate('on')).toBe(true);
    expect(parsePerMessageDeflate(undefined)).toBe(false);
    expect(parsePerMessageDeflate(false)).toBe(false);
    expect(parsePerMessageDeflate('off')).toBe(false);
    expect(parsePerMessageDeflate('library')).toBe('library');
    expect(() => parsePerMessageDeflate('maybe')).toThrow(/--per-message-deflate takes on, off or library/);
  });

  it('refuses library deflate on sockjs, which has no deflate to leave at a default', () => {
    expect(resolveRunConfig({ transport: 'ws', clients: '1', perMessageDeflate: 'library' }).variant.perMessageDeflate).toBe('library');
    expect(() => resolveRunConfig({ transport: 'sockjs', clients: '1', perMessageDeflate: 'library' })).toThrow(
      /--per-message-deflate is not supported by the sockjs transport/,
    );
  });
});

import { CLUSTER_DEFAULTS, resolveClusterSettings } from '../../../src/cluster/clusterDefaults.js';
import { clusterKeys } from '../../../src/cluster/clusterKeys.js';

describe('resolveClusterSettings', () => {
  it('fills the defaults', () => {
    expect(resolveClusterSettings({ url: 'redis://127.0.0.1:1' })).toEqual({
      ...CLUSTER_DEFAULTS,
      url: 'redis://127.0.0.1:1',
    });
  });

  it('refuses bad URLs, prefixes and numbers with E_USAGE', () => {
    for (const s of [
      { url: 'http://x' },
      { url: 'nope' },
      { url: 'redis://x', prefix: 'a b' },
      { url: 'redis://x', claimIdleMs: 10 },
      { url: 'redis://x', maxDeliveries: 0 },
      { url: 'redis://x', heartbeatMs: 1.5 },
    ]) {
      expect(() => resolveClusterSettings(s)).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    }
  });
});

describe('clusterKeys', () => {
  it('puts every key of a job under one prefix and one hash tag', () => {
    const k = clusterKeys('p').job('abc');
    expect(k.all).toEqual(['p:job:{abc}:meta', 'p:job:{abc}:tasks', 'p:job:{abc}:results']);
    expect(clusterKeys('p').worker('w1')).toBe('p:cluster:worker:w1');
  });
});

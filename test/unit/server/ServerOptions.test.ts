import { isLoopbackHost, resolveServerOptions, SERVER_DEFAULTS } from '../../../src/server/ServerOptions.js';

describe('resolveServerOptions', () => {
  it('fills defaults and keeps given values', () => {
    const o = resolveServerOptions({ port: 0, workers: undefined });
    expect(o).toMatchObject({ ...SERVER_DEFAULTS, port: 0 });
  });

  it('refuses a non-loopback host without a token, accepts it with one', () => {
    expect(() => resolveServerOptions({ host: '0.0.0.0' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
    expect(() => resolveServerOptions({ host: '10.0.0.1', token: '' })).toThrow(
      expect.objectContaining({ code: 'E_USAGE' }),
    );
    expect(resolveServerOptions({ host: '0.0.0.0', token: 't' }).host).toBe('0.0.0.0');
  });

  it('knows the loopback names', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', 'example.org', '127.0.0.1.nip.io']) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });

  it('refuses out-of-range numbers', () => {
    expect(() => resolveServerOptions({ port: 70000 })).toThrow(expect.objectContaining({ code: 'E_RANGE' }));
    expect(() => resolveServerOptions({ maxConcurrentRequests: 0 })).toThrow(
      expect.objectContaining({ code: 'E_RANGE' }),
    );
  });
});

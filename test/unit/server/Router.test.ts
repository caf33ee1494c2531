import { Router } from '../../../src/server/Router.js';

describe('Router', () => {
  const noop = (): void => undefined;
  const r = new Router()
    .add('GET', '/v1/jobs/:id', noop, { name: 'status' })
    .add('DELETE', '/v1/jobs/:id', noop)
    .add('GET', '/v1/jobs/:id/results', noop)
    .add('GET', '/assets/*', noop, { auth: false });

  it('matches exact segments and parameters, HEAD as GET', () => {
    const m = r.match('GET', '/v1/jobs/a%20b');
    expect(m).toMatchObject({ kind: 'found', params: { id: 'a b' }, route: { name: 'status', auth: true } });
    expect(r.match('HEAD', '/v1/jobs/x')).toMatchObject({ kind: 'found' });
    expect(r.match('GET', '/v1/jobs/x/results')).toMatchObject({ kind: 'found', params: { id: 'x' } });
  });

  it('tells a wrong method from a missing path', () => {
    expect(r.match('POST', '/v1/jobs/x')).toEqual({ kind: 'method', allowed: ['GET', 'DELETE'] });
    expect(r.match('GET', '/v1/jobs')).toEqual({ kind: 'none' });
    expect(r.match('GET', '/v1/jobs/x/y')).toEqual({ kind: 'none' });
    expect(r.match('GET', '/v1/jobs/%E0%A4%A')).toEqual({ kind: 'none' }); // malformed escape
  });

  it('matches the rest of a path with a trailing *', () => {
    expect(r.match('GET', '/assets/js/app.js')).toMatchObject({ kind: 'found', params: { '*': 'js/app.js' } });
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** What a route handler gets for one request. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The parsed request URL (query parameters in `url.searchParams`). */
  readonly url: URL;
  /** Values of the pattern's `:name` segments. */
  readonly params: Readonly<Record<string, string>>;
  /** Aborted when the client goes away, the request runs past its time limit, or the server stops hard. */
  readonly signal: AbortSignal;
  /** Request-scoped structured logger. */
  readonly log: Logger;
}

/** A route handler; a rejection becomes a JSON error response (or a cut stream once the headers are out). */
export type RouteHandler = (ctx: RouteContext) => void | Promise<void>;

/** How a route is served. */
export interface RouteOptions {
  /** Needs the bearer token when the server has one (default true; false for liveness probes and public pages). */
  readonly auth?: boolean;
  /** Counts toward the concurrent-request limit (429 beyond it) and is refused while draining (default false). */
  readonly limited?: boolean;
  /** Label of the route in metrics and logs (default: the pattern). */
  readonly name?: string;
}

/** A registered route. */
export interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly handler: RouteHandler;
  readonly auth: boolean;
  readonly limited: boolean;
  readonly name: string;
  readonly segments: readonly string[];
}

/** The outcome of {@link Router.match}. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Record<string, string> }
  | { readonly kind: 'method'; readonly allowed: readonly string[] }
  | { readonly kind: 'none' };

/**
 * A small path router: exact segments and `:name` parameters (one segment each), first match wins, an
 * optional trailing `*` matches the rest of the path (its value in `params['*']`, for static assets).
 *
 * @example
 * ```ts
 * server.router.add('GET', '/assets/*', serveAsset, { auth: false, name: 'assets' });
 * ```
 */
export class Router {
  readonly #routes: Route[] = [];

  /** Routes in registration order. */
  get routes(): readonly Route[] {
    return this.#routes;
  }

  /**
   * Register a route.
   *
   * @param method - HTTP method (upper case)
   * @param pattern - path such as `/v1/jobs/:id/results` or `/assets/*`
   * @param handler - the handler
   * @param options - auth, concurrency limit, metrics name
   * @returns this router
   */
  add(method: string, pattern: string, handler: RouteHandler, options: RouteOptions = {}): this {
    this.#routes.push({
      method: method.toUpperCase(),
      pattern,
      handler,
      auth: options.auth ?? true,
      limited: options.limited ?? false,
      name: options.name ?? pattern,
      segments: split(pattern),
    });
    return this;
  }

  /**
   * Find the route of a request.
   *
   * @param method - HTTP method
   * @param pathname - URL path
   * @returns the route and its parameters, the allowed methods of a path that exists, or none
   */
  match(method: string, pathname: string): RouteMatch {
    const parts = split(pathname);
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', route, params };
      }
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method', allowed } : { kind: 'none' };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    if (p === '*' && i === pattern.length - 1) {
      params['*'] = parts.slice(i).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (p.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(part);
      } catch {
        return undefined;
      }
      params[p.slice(1)] = value;
    } else if (p !== part) return undefined;
  }
  return parts.length === pattern.length ? params : undefined;
}

import type { ServerPlugin } from './PrimeosServer.js';

/**
 * The plugins `primeos serve` attaches to its server, in order, after the built-in routes: a module that adds
 * an endpoint or a page to the served server (see {@link ServerPlugin}) lists itself here.
 */
export const serverPlugins: readonly ServerPlugin[] = [];

import { dashboardPlugin } from './dashboard/dashboardPlugin.js';
import type { ServerPlugin } from './PrimeosServer.js';
import { streamPlugin } from './ws/streamPlugin.js';

/**
 * The plugins `primeos serve` attaches to its server, in order, after the built-in routes: a module that adds
 * an endpoint or a page to the served server (see {@link ServerPlugin}) lists itself here.
 */
export const serverPlugins: readonly ServerPlugin[] = [streamPlugin(), dashboardPlugin()];

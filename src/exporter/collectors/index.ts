// Collectors registered by endpoint name; each is polled and fails on its own.

import { clusterCollector } from './cluster.js';
import { downloadCollector } from './download.js';
import { historyCollector } from './history.js';
import { packagesCollector } from './packages.js';
import { softwareCollector } from './software.js';
import type { Collector, Endpoint } from './types.js';

export const COLLECTORS: { [E in Endpoint]: Collector<E> } = {
  software: softwareCollector,
  download: downloadCollector,
  history: historyCollector,
  packages: packagesCollector,
  cluster: clusterCollector,
};

export * from './types.js';
export { normaliseEstimate, parseRelease, releaseString, type NormalisedEstimate, type UpdateTiming } from './estimate.js';
export { IDENTITY_INTERVAL_SECONDS, nameMismatch } from './cluster.js';

// Collectors registered by endpoint name; each is polled and fails on its own.

import type { Endpoint } from '../core/endpoints.js';
import { clusterCollector } from './cluster.js';
import type { Collector } from './collector.js';
import { downloadCollector } from './download.js';
import { historyCollector } from './history.js';
import { packagesCollector } from './packages.js';
import { softwareCollector } from './software.js';

export type { Collector } from './collector.js';

export const COLLECTORS: { [E in Endpoint]: Collector<E> } = {
  software: softwareCollector,
  download: downloadCollector,
  history: historyCollector,
  packages: packagesCollector,
  cluster: clusterCollector,
};

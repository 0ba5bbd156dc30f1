// Collectors registered by endpoint name; each is polled and fails on its own.

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
};

export * from './types.js';

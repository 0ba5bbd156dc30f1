// Collectors registered by endpoint name; each is polled and fails on its own.

import type { Endpoint } from '../core/endpoints.js';
import { autoUpdatesCollector } from './auto-updates.js';
import { clusterCollector } from './cluster.js';
import type { Collector } from './collector.js';
import { disksCollector } from './disks.js';
import { downloadCollector } from './download.js';
import { firmwareHistoryCollector } from './firmware-history.js';
import { historyCollector } from './history.js';
import { packagesCollector } from './packages.js';
import { shelvesCollector } from './shelves.js';
import { softwareCollector } from './software.js';
import { spCollector } from './sp.js';

export type { Collector } from './collector.js';

export const COLLECTORS: { [E in Endpoint]: Collector<E> } = {
  software: softwareCollector,
  download: downloadCollector,
  history: historyCollector,
  packages: packagesCollector,
  cluster: clusterCollector,
  firmware_history: firmwareHistoryCollector,
  sp: spCollector,
  shelves: shelvesCollector,
  disks: disksCollector,
  auto_updates: autoUpdatesCollector,
};

// A metric family and a sample of it: the two shapes every part of the metrics layer shares.

import type { ExporterLabel } from '../config/labels.js';

export interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  labels: ExporterLabel[];
}

export interface Sample { name: string; labels: Record<string, string>; value: number }

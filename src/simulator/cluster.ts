// One simulated cluster: its model, the engine running its operations, its
// scripted timeline and its planted faults. Everything happens lazily at the
// simulated time a request (or a test) looks at it.

import { cancelUpdate, pauseUpdate, resumeUpdate } from './control.js';
import { startDownload } from './download.js';
import { initialFirmware } from './firmware.js';
import { sync } from './engine.js';
import { validateFault, type ActiveFault, type FaultSpec } from './faults.js';
import type { ClusterModel, Job } from './model.js';
import type { EngineState } from './operation.js';
import { startDeletePackage } from './packages.js';
import { DEFAULT_TIMING, type Timing } from './plan.js';
import { pastHistory, uuidFor, type ClusterSetup, type ScriptAction, type TimelineEvent } from './scenarios.js';
import { startUpdate } from './update.js';
import { startValidate } from './validate.js';

export interface SimCluster {
  engine: EngineState;
  timeline: TimelineEvent[];
  /** Sim ms the timeline's `at: 0` refers to. */
  epoch: number;
  faults: ActiveFault[];
  nextFaultId: number;
  /** Errors from scripted actions (a script may ask for something ONTAP refuses). */
  scriptErrors: string[];
}

export function createCluster(setup: ClusterSetup, now: number, timing: Partial<Timing> = {}): SimCluster {
  if (setup.nodes < 1 || setup.nodes > 24) throw new Error(`cluster ${setup.name}: nodes must be 1..24, got ${setup.nodes}`);
  if (setup.metrocluster && setup.nodes % 2 !== 0) throw new Error(`cluster ${setup.name}: a MetroCluster needs an even node count`);
  const nodeNames = Array.from({ length: setup.nodes }, (_, i) => `${setup.name}-${String(i + 1).padStart(2, '0')}`);
  const model: ClusterModel = {
    name: setup.name, uuid: uuidFor(setup.name), shape: setup.shape,
    nodes: nodeNames.map((name) => ({ name, uuid: uuidFor(`${setup.name}/${name}`), version: setup.version, model: 'AFF-A400' })),
    elapsed: 0, estimated: 0, validation: [], plannedChecks: setup.checks, phases: [], status: [],
    postChecks: [], plannedPostChecks: setup.postChecks ?? [],
    download: { state: 'not_started', message: 'Package download has not started.', code: 10551384 },
    packages: setup.packages.map((version, i) => ({ version, create_time: now - (setup.packages.length - i) * 86_400_000 })),
    history: pastHistory(setup, nodeNames, now), jobs: new Map(),
    firmware: initialFirmware(setup.name, setup.firmware, now, uuidFor),
  };
  if (setup.idleState && setup.pastUpdates.length > 0) {
    model.state = setup.idleState;
    model.elapsed = 5460;
    model.estimated = 5820;
    model.postChecks = [...model.plannedPostChecks];
  }
  if (setup.metrocluster) {
    const half = setup.nodes / 2;
    model.mcSites = ['siteA', 'siteB'].map((site, k) => ({
      name: `${setup.name}_${site}`, uuid: uuidFor(`${setup.name}/${site}`),
      nodes: Array.from({ length: half }, (_, i) => k * half + i),
    }));
  }
  return {
    engine: { model, timing: { ...DEFAULT_TIMING, ...timing }, ops: [], faults: [], lifUnreachableUntil: 0 },
    timeline: [...setup.timeline].sort((a, b) => a.at - b.at), epoch: now, faults: [], nextFaultId: 1, scriptErrors: [],
  };
}

/** Brings the cluster up to `now`, replaying scripted events in order with the steps between them. */
export function syncCluster(c: SimCluster, now: number): void {
  for (;;) {
    const ev = c.timeline[0];
    if (!ev || c.epoch + ev.at * 1000 > now) break;
    const at = c.epoch + ev.at * 1000;
    sync(c.engine, at);
    c.timeline.shift();
    try {
      applyAction(c, ev, at);
    } catch (err) {
      c.scriptErrors.push(`at ${ev.at}s ${ev.action}: ${(err as Error).message}`);
    }
  }
  sync(c.engine, now);
  if (c.faults.length > 0) c.faults = c.faults.filter((f) => f.until > now);
}

export function applyAction(c: SimCluster, a: ScriptAction, now: number): Job | undefined {
  const s = c.engine;
  switch (a.action) {
    case 'validate': return startValidate(s, a.version, now, a.show_validation_details ?? false);
    case 'update': return startUpdate(s, a.version, {
      skipWarnings: a.skip_warnings ?? false, nodes: a.nodes_to_update, stabilizeMinutes: a.stabilize_minutes, skipAtTarget: a.skip_nodes_at_target_version,
      showDetails: a.show_validation_details,
    }, now);
    case 'pause': return pauseUpdate(s, now);
    case 'resume': return resumeUpdate(s, now);
    case 'cancel': return cancelUpdate(s, now);
    case 'download': return startDownload(s, a.url, now, a.outcome ?? 'success', a.seconds);
    case 'delete-package': return startDeletePackage(s, a.version, now);
    case 'fault': injectFault(c, a.fault, now); return undefined;
    case 'upgrade-fault': s.faults.push(a.fault); return undefined;
    case 'clear-faults': c.faults = []; s.faults = []; return undefined;
    default: throw new Error(`unknown action ${(a as { action: string }).action}`);
  }
}

export function injectFault(c: SimCluster, spec: FaultSpec, now: number): number {
  validateFault(spec);
  const from = now + (spec.afterSeconds ?? 0) * 1000;
  const until = spec.forSeconds === undefined ? Number.POSITIVE_INFINITY : from + spec.forSeconds * 1000;
  const id = c.nextFaultId++;
  c.faults.push({ ...spec, id, from, until });
  return id;
}

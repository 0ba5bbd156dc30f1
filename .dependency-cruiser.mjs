// The layer rules of src/ (issue 15): imports only point DOWN the LAYERS list, no cycles (type-only imports
// included), core imports nothing of the project, and the simulator/dashboards/deploy builders stay apart from
// the exporter. test/layers.test.ts runs this over src/ (zero violations) and over test/fixtures/layers/ (which
// must violate every rule, so a rule that stops matching fails the test). CLI: npx depcruise src

/** The exporter's layers, lowest first; a file may import from its own layer and any layer before it. */
const LAYERS = [
  ['core', '^src/core/'],
  ['runtime', '^src/runtime/'],
  ['config', '^src/config/'],
  ['ontap', '^src/ontap/'],
  ['collectors', '^src/collectors/'],
  ['poll', '^src/poll/'],
  ['campaign', '^src/campaign/'],
  ['metrics', '^src/metrics/'],
  ['web', '^src/web/'],
  ['exporter', '^src/exporter/'],
  // The programs: may import anything (but still no cycles).
  ['top', '^src/(demo|bench|soak)/|^src/cli\\.ts$'],
];

/** Folders that are not part of the exporter: ONTAP's stand-in and the generators of shipped artefacts. */
const APART = '^src/(simulator|dashboards|deploy|mixin)/';

const any = (paths) => paths.map((p) => `(${p})`).join('|');
const EXPORTER_LAYERS = any(LAYERS.slice(0, -1).map(([, path]) => path));
const LISTED = any([...LAYERS.map(([, path]) => path), APART]);

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `layer-${name}-imports-down`,
  comment: `${name} may import only from itself and the layers below it (${LAYERS.slice(0, i).map(([n]) => n).join(', ') || 'none'})`,
  severity: 'error',
  from: { path },
  to: { path: any(LAYERS.slice(i + 1).map(([, p]) => p)) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'a cycle makes the layers meaningless; type-only imports count (tsPreCompilationDeps)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: 'core-imports-nothing',
      comment: 'core is the ONTAP vocabulary: no other project module',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'apart-from-exporter',
      comment: 'the simulator, dashboards and deploy generators import only their own folder',
      severity: 'error',
      from: { path: '^src/(simulator|dashboards|deploy)/' },
      to: { path: '^src/', pathNot: '^src/$1/' },
    },
    {
      name: 'exporter-without-simulator',
      comment: 'the exporter never loads the simulator, the programs, or the artefact generators',
      severity: 'error',
      from: { path: EXPORTER_LAYERS },
      to: { path: `${APART}|^src/(demo|bench|soak)/|^src/cli\\.ts$` },
    },
    {
      name: 'listed-folders-only',
      comment: 'a new folder under src/ gets a place in LAYERS (or APART) before it imports or is imported',
      severity: 'error',
      from: { path: '^src/', pathNot: LISTED },
      to: { path: '^src/' },
    },
    {
      name: 'listed-folders-only-target',
      comment: 'a new folder under src/ gets a place in LAYERS (or APART) before it imports or is imported',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: LISTED },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import the cruiser cannot resolve would escape every rule above',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are dependencies too: a type cycle still ties the layers together.
    tsPreCompilationDeps: true,
  },
};

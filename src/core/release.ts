// ONTAP release strings and their order: 9.13.1P17 < 9.14.1RC1 < 9.14.1 < 9.14.1P1 < 9.14.1P1D2 < 9.16.1.
// A release is major.minor.micro; RC builds come before the GA release; P (patch) releases follow it,
// and D (debug/point) builds follow their patch level. Strings that are not a release (a custom
// build name) parse to undefined and compare as unknown: the caller says "unknown", never guesses.

export interface OntapVersion {
  major: number;
  minor: number;
  micro: number;
  /** Release candidate number; undefined for GA and its patches. */
  rc?: number;
  /** Patch level; 0 for the GA release. */
  patch: number;
  /** D build on top of the patch level; 0 for none. */
  d: number;
}

// Accepts "9.14.1", "9.14.1P3", "9.14.1RC1", "9.14.1P3D2", "9.6" (micro 0), "9.8.0",
// and the "NetApp Release 9.14.1P3: ..." form ONTAP prints in CLI banners.
const RE = /^(?:NetApp Release\s+)?(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?:(RC)(\d{1,3})|P(\d{1,3}))?(?:D(\d{1,3}))?(?=$|:)/i;

export function parseOntapVersion(raw: string): OntapVersion | undefined {
  const m = RE.exec(raw.trim());
  if (!m) return undefined;
  const n = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  return {
    major: n(m[1]) as number, minor: n(m[2]) as number, micro: n(m[3]) ?? 0,
    ...(m[4] ? { rc: n(m[5]) as number } : {}),
    patch: n(m[6]) ?? 0, d: n(m[7]) ?? 0,
  };
}

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** -1, 0 or 1 like a sort comparator; 0 means the same release. */
export function compareParsed(a: OntapVersion, b: OntapVersion): number {
  // An RC sorts before its GA release; GA is patch 0.
  const rcRank = (v: OntapVersion) => (v.rc ?? Number.MAX_SAFE_INTEGER);
  return cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.micro, b.micro)
    || cmp(rcRank(a), rcRank(b)) || cmp(a.patch, b.patch) || cmp(a.d, b.d);
}

/** Compares two release strings; undefined when either is not a release. */
export function compareOntapVersions(a: string, b: string): number | undefined {
  const pa = parseOntapVersion(a);
  const pb = parseOntapVersion(b);
  return pa && pb ? compareParsed(pa, pb) : undefined;
}

/** The release family "9.14.1" (no RC/P/D): the unit ONTAP's behaviour changes by. */
export function releaseOf(v: OntapVersion): string {
  return `${v.major}.${v.minor}.${v.micro}`;
}

export function formatOntapVersion(v: OntapVersion): string {
  return `${releaseOf(v)}${v.rc !== undefined ? `RC${v.rc}` : ''}${v.patch > 0 ? `P${v.patch}` : ''}${v.d > 0 ? `D${v.d}` : ''}`;
}

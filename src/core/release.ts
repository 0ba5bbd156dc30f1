// ONTAP release numbers: one grammar, read two ways, and their order.
//
// Grammar (letters in any case): G.M[.m][RCn|Pn][Dn], each number 1 to 3 digits.
//   G.M.m  generation, major, minor, as GET /api/cluster names them (version.generation/major/minor):
//          9.14.1 is generation 9, major 14, minor 1. A missing minor is 0: "9.7" = "9.7.0", "10.0" = 10.0.0.
//   RCn    release candidate: before its GA release (9.14.1RC2 < 9.14.1).
//   Pn     patch release: after its GA release (9.14.1 < 9.14.1P1 < 9.14.1P17).
//   Dn     D build on top of a patch level (or of GA): after it (9.14.1P1 < 9.14.1P1D2 < 9.14.1P2).
// Anything else is not a release: "9.8X" (an engineering build: no defined place in the order, and
// its estimate semantics are unknown), "9.16.1P" (a patch with no number), "v9.1", "9", "9.14.1.2",
// numbers of 4+ digits (no ONTAP release has them; it keeps every number exact and a label short).
// Callers then say "unknown" rather than guess: a guess would mislabel one generation or another.
//
// Two readings of that one grammar:
//   parseRelease (strict): the whole string, blanks around it aside, is a release, or ONTAP's CLI
//     banner "NetApp Release 9.16.1P3: Mon Jan 01 ..." (the part after ":" is free). Config targets
//     and versions compared against them: a typo must not compare as some release.
//   findRelease (lenient): the first release standing as a word of free text: "NetApp Release
//     9.16.1: ...", "ONTAP 9.14.1", "(9.7P5)". A release glued to a letter, digit, "_" or "." is not a
//     word ("v9.1", "ONTAP_9.1", "9.8X", "1.9.14.1"); a "." followed by no digit may end it ("... 9.14.1.").
//     Fields ONTAP fills with a release, or with a banner around one (version.full).
// Both keep the release's own spelling in `text` ("9.7P5", "9.14.1p3"); formatRelease gives the
// canonical one ("9.7.0P5").

export interface Release {
  generation: number;
  major: number;
  minor: number;
  /** Release candidate number; undefined for GA and its patches. */
  rc?: number;
  /** Patch level; 0 for the GA release (and for an RC). */
  patch: number;
  /** D build on top of the patch level; 0 for none. */
  d: number;
  /** The release as written, without banner or surrounding text: "9.7P5", "9.14.1p3". */
  text: string;
}

/** The numbers of a release, without its spelling: what order and canonical form depend on. */
export type ReleaseNumber = Omit<Release, 'text'>;

const GRAMMAR = String.raw`(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?(?:RC(\d{1,3})|P(\d{1,3}))?(?:D(\d{1,3}))?`;
const WHOLE = new RegExp(`^${GRAMMAR}$`, 'i');
const BANNER = /^NetApp Release\s+([^\s:]+)(?::.*)?$/is;
// A word: nothing glued before it; after it no word character, and no "." that continues a number.
const IN_TEXT = new RegExp(String.raw`(?<![\w.])${GRAMMAR}(?!\w|\.\d)`, 'i');

function fromMatch(m: RegExpExecArray): Release {
  const n = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  return {
    generation: Number(m[1]), major: Number(m[2]), minor: n(m[3]) ?? 0,
    ...(m[4] !== undefined ? { rc: Number(m[4]) } : {}),
    patch: n(m[5]) ?? 0, d: n(m[6]) ?? 0, text: m[0],
  };
}

/**
 * Readings remembered by string: every poll reads the same few versions of a fleet many times
 * (due rules, field choice, support, campaign), and a regex match per reading was a measurable
 * share of the poll's allocations (docs/benchmarks.md). Frozen, so no caller can change a shared
 * reading; bounded, so hostile strings cannot grow it.
 */
const MAX_REMEMBERED = 2048;
function remembered(read: (s: string) => Release | undefined): (s: string | undefined) => Release | undefined {
  const known = new Map<string, Release | null>();
  return (s) => {
    if (s === undefined) return undefined;
    let r = known.get(s);
    if (r === undefined) {
      if (known.size >= MAX_REMEMBERED) known.clear();
      const fresh = read(s);
      known.set(s, (r = fresh ? Object.freeze(fresh) : null));
    }
    return r ?? undefined;
  };
}

/** Strict: the whole string is a release (or ONTAP's "NetApp Release X: ..." banner); else undefined. */
export const parseRelease: (raw: string | undefined) => Release | undefined = remembered((raw) => {
  const s = raw.trim();
  const m = WHOLE.exec(BANNER.exec(s)?.[1] ?? s);
  return m ? fromMatch(m) : undefined;
});

/** Lenient: the first release standing as a word in `text` (a banner, "ONTAP 9.14.1"); else undefined. */
export const findRelease: (text: string | undefined) => Release | undefined = remembered((text) => {
  const m = IN_TEXT.exec(text);
  return m ? fromMatch(m) : undefined;
});

function cmp(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** -1, 0 or 1 like a sort comparator; 0 means the same release (spelling aside). */
export function compareReleases(a: ReleaseNumber, b: ReleaseNumber): number {
  // An RC sorts before its GA release; GA is patch 0.
  const rcRank = (v: ReleaseNumber) => (v.rc ?? Number.MAX_SAFE_INTEGER);
  return cmp(a.generation, b.generation) || cmp(a.major, b.major) || cmp(a.minor, b.minor)
    || cmp(rcRank(a), rcRank(b)) || cmp(a.patch, b.patch) || cmp(a.d, b.d);
}

/** Compares two strings read strictly; undefined when either is not a release. */
export function compareReleaseStrings(a: string, b: string): number | undefined {
  const pa = parseRelease(a);
  const pb = parseRelease(b);
  return pa && pb ? compareReleases(pa, pb) : undefined;
}

/** The release family "9.14.1" (no RC/P/D): the unit ONTAP's behaviour changes by. */
export function familyOf(r: Pick<ReleaseNumber, 'generation' | 'major' | 'minor'>): string {
  return `${r.generation}.${r.major}.${r.minor}`;
}

/** The canonical spelling: "9.7.0P5", "9.14.1RC1", "9.14.1P3D2". */
export function formatRelease(r: ReleaseNumber): string {
  return `${familyOf(r)}${r.rc !== undefined ? `RC${r.rc}` : ''}${r.patch > 0 ? `P${r.patch}` : ''}${r.d > 0 ? `D${r.d}` : ''}`;
}

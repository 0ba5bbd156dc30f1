// An endpoint's pages: the first GET, then ONTAP's `_links.next` while there is one, only on the
// cluster's own API and within the endpoint's byte cap. Pages are parsed as late as possible: a
// page whose body is unchanged is followed by its remembered link, unparsed.

import { PollError } from './poll-error.js';
import type { Page } from './transport.js';

/** What one GET of an endpoint brought back. */
export interface EndpointResponse {
  digest: string;
  /** Each page's JSON. Parsed on the first call: an unchanged response (same digest) need never be. */
  pages(): unknown[];
}

const MAX_PAGES = 100;
/** Remembered `_links.next` of pages already parsed, so an unchanged page is followed unparsed. */
const MAX_REMEMBERED_LINKS = 256;

/** A query's encoding, by its object: collectors ask with the same few objects every poll. */
const encoded = new WeakMap<Record<string, string>, string>();
export function queryString(query: Record<string, string>): string {
  let s = encoded.get(query);
  if (s === undefined) encoded.set(query, (s = new URLSearchParams(query).toString()));
  return s;
}

type FetchPage = (pathAndQuery: string, signal: AbortSignal, budget: number) => Promise<Page>;

/**
 * GETs of `base` (the cluster's URL) through `fetchPage`, following `_links.next` when asked;
 * `clean` masks secrets in what goes into a message.
 */
export function pagedGetter(fetchPage: FetchPage, base: URL, maxEndpointBytes: number, clean: (s: string) => string) {
  const basePath = base.pathname.replace(/\/+$/, '');
  /** Digest of a page that parsed -> its next link ('' for none). Keyed with the request, as the same body may answer two. */
  const nextLinks = new Map<string, string>();

  function parse(text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new PollError('bad_response', `invalid JSON (${clean((err as Error).message).slice(0, 80)}), ${text.length} bytes`);
    }
  }

  return async (path: string, query: Record<string, string>, paginated: boolean, signal: AbortSignal): Promise<EndpointResponse> => {
    let request = `${basePath}${path}?${queryString(query)}`;
    let { text, bytes, digest } = await fetchPage(request, signal, maxEndpointBytes);
    // Index-aligned: a page's text until it is parsed, then its JSON.
    const texts: string[] = [text];
    const parsed: unknown[] = [];
    const done = (): EndpointResponse => ({
      digest,
      pages: () => texts.map((t, i) => (i in parsed ? parsed[i] : (parsed[i] = parse(t)))),
    });
    if (!paginated) return done();
    let pageDigest = digest;
    for (let i = 1; i < MAX_PAGES; i++) {
      const key = `${request} ${pageDigest}`;
      let next = nextLinks.get(key);
      if (next === undefined) {
        parsed[i - 1] = parse(texts[i - 1] as string);
        next = nextHref(parsed[i - 1]) ?? '';
        if (nextLinks.size >= MAX_REMEMBERED_LINKS) nextLinks.clear();
        nextLinks.set(key, next);
      }
      if (!next) return done();
      // Follow only links on this cluster's own API: credentials never go elsewhere.
      let target: URL;
      try {
        target = new URL(next, base.origin);
      } catch {
        throw new PollError('bad_response', `_links.next is not a URL: ${JSON.stringify(clean(next))}`);
      }
      if (target.origin !== base.origin || !target.pathname.startsWith('/api/')) {
        throw new PollError('bad_response', `_links.next points outside the cluster's API: ${clean(target.pathname)}`);
      }
      request = `${basePath}${target.pathname}${target.search}`;
      const page = await fetchPage(request, signal, maxEndpointBytes - bytes);
      bytes += page.bytes;
      digest += ` ${page.digest}`;
      pageDigest = page.digest;
      texts.push(page.text);
    }
    throw new PollError('bad_response', `more than ${MAX_PAGES} pages of ${path}`);
  };
}

function nextHref(page: unknown): string | undefined {
  const links = (page as { _links?: { next?: { href?: unknown } } } | null)?._links;
  const href = links?.next?.href;
  return typeof href === 'string' && href !== '' ? href : undefined;
}

/**
 * URL functions (trinodb/trino docs/src/main/sphinx/functions/url.md; semantics of …/scalar/UrlFunctions.java):
 * a URL is parsed as java.net.URI does (RFC 2396): not a URI → NULL; a missing part → '' (`nullToEmpty`), a
 * missing port → NULL; path, query and fragment percent-decoded; parameters split on `&` and `=` and decoded as
 * URLDecoder does (`+` is a space). url_encode is Guava's form-parameter escaper (space → `+`, `.-*_` kept).
 */
import { sql, type Sql } from '../../dialects/emit';
import { failure } from '../../dialects/emit';
import { fn, type FunctionTable } from './registry';

/** RFC 3986 appendix B: 1 scheme, 2 authority, 3 path, 4 query, 5 fragment */
const URI = String.raw`^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$`;
/** characters java.net.URI refuses anywhere, and % not followed by two hex digits */
const ILLEGAL = String.raw`[ "<>\\^` + '`' + String.raw`{|}\x00-\x1f]|%([^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$)`;

function part(url: Sql, group: number): Sql {
  return sql`regexp_extract(${url}, '${URI}', ${String(group)})`;
}

/** the value of a URL part, or NULL when the text is not a URI */
function ifUri(url: Sql, value: Sql): Sql {
  return sql`CASE WHEN regexp_matches(${url}, '${ILLEGAL}') THEN NULL ELSE ${value} END`;
}

/** %XX sequences decoded, `+` kept (URI decoding) */
const uriDecode = (s: Sql): Sql => sql`url_decode(replace(${s}, '+', '%2B'))`;

const HOST = String.raw`^(?:[^@]*@)?(\[[^\]]*\]|[^:]*)`;
const VALID_HOST = String.raw`^(\[[0-9A-Fa-f:.]+\]|([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.?)$`;

function host(url: Sql): Sql {
  const h = sql`regexp_extract(${part(url, 2)}, '${HOST}', 1)`;
  return sql`CASE WHEN regexp_matches(${h}, '${VALID_HOST}') THEN ${h} ELSE '' END`;
}

export const URL: FunctionTable = {
  url_extract_protocol: fn('varchar -> varchar', (u) => ifUri(u, part(u, 1))),
  url_extract_host: fn('varchar -> varchar', (u) => ifUri(u, host(u))),
  url_extract_port: fn('varchar -> bigint', (u) => {
    const port = sql`regexp_extract(${part(u, 2)}, '${HOST}:([0-9]+)$', 2)`;
    return ifUri(u, sql`CASE WHEN ${host(u)} = '' OR ${port} = '' THEN NULL ELSE CAST(${port} AS BIGINT) END`);
  }),
  url_extract_path: fn('varchar -> varchar', (u) => ifUri(u, uriDecode(part(u, 3)))),
  url_extract_query: fn('varchar -> varchar', (u) => ifUri(u, uriDecode(part(u, 4)))),
  url_extract_fragment: fn('varchar -> varchar', (u) => ifUri(u, uriDecode(part(u, 5)))),
  url_extract_parameter: fn('varchar, varchar -> varchar', (u, name) => {
    const query = sql`regexp_extract(${u}, '${URI}', 4)`;
    const hasQuery = sql`regexp_matches(${u}, '^[^#]*\\?')`;
    const pairs = sql`list_filter(string_split(${query}, '&'), lambda p: split_part(p, '=', 1) = ${name})`;
    const first = sql`${pairs}[1]`;
    return ifUri(u, sql`CASE WHEN NOT ${hasQuery} OR len(${pairs}) = 0 THEN NULL WHEN strpos(${first}, '=') = 0 THEN '' ELSE url_decode(replace(substring(${first}, strpos(${first}, '=') + 1), '+', ' ')) END`);
  }),
  url_encode: fn('varchar -> varchar', (s) => sql`replace(replace(replace(url_encode(${s}), '%20', '+'), '%2A', '*'), '~', '%7E')`),
  url_decode: fn('varchar -> varchar', (s) =>
    sql`CASE WHEN regexp_matches(${s}, '%([^0-9A-Fa-f]|.[^0-9A-Fa-f]|.?$)') THEN ${failure(sql`'URLDecoder: Illegal hex characters in escape (%) pattern: ' || ${s}`)} ELSE url_decode(replace(${s}, '+', ' ')) END`,
  ),
};

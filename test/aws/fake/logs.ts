/**
 * CloudWatch Logs for the fake AWS endpoint: an in-memory store of log groups, streams and events, and the
 * `Logs_20140328.*` operations the AWS target reads job logs with — FilterLogEvents, GetLogEvents,
 * DescribeLogStreams, DescribeLogGroups — following CloudWatch's shapes (timestamps in epoch milliseconds,
 * `nextToken` paging, `ResourceNotFoundException` for a log group or stream that does not exist).
 *
 * As CloudWatch does, and as a reader must cope with:
 * - events are delivered late: an event put with `afterReads: n` is not returned by the next n reads of its stream
 *   (CloudWatch ingests events seconds after they are written; counted in reads, not time, so tests do not race);
 * - FilterLogEvents may answer a page with no events and a `nextToken`: "If the results don't include a nextToken,
 *   then pagination is finished" (CloudWatch Logs API reference, FilterLogEvents) — not an empty page. The fake's
 *   first page of every search is such an empty page; `searchedLogStreams` is an empty list ("no longer supported").
 */
import { FakeAwsError, type FakeAws } from './server';

export interface FakeLogEvent {
  eventId: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** reads of its stream that do not see it yet (late delivery) */
  hiddenReads: number;
}

export interface FakeLogStream {
  name: string;
  creationTime: number;
  events: FakeLogEvent[];
}

export interface FakeLogGroup {
  name: string;
  creationTime: number;
  streams: Map<string, FakeLogStream>;
}

/** Log groups → streams → events, as CloudWatch Logs holds them. */
export class FakeLogStore {
  private readonly groups = new Map<string, FakeLogGroup>();
  private seq = 0;

  /**
   * Appends an event (creating the group and the stream as needed); `timestamp` defaults to now (epoch ms);
   * `afterReads`: the event shows only after that many reads of its stream (late delivery).
   */
  put(group: string, stream: string, message: string, timestamp: number = Date.now(), options: { afterReads?: number } = {}): FakeLogEvent {
    let g = this.groups.get(group);
    if (!g) {
      g = { name: group, creationTime: Date.now(), streams: new Map() };
      this.groups.set(group, g);
    }
    let s = g.streams.get(stream);
    if (!s) {
      s = { name: stream, creationTime: Date.now(), events: [] };
      g.streams.set(stream, s);
    }
    const event: FakeLogEvent = { eventId: String(++this.seq).padStart(20, '0'), timestamp, ingestionTime: Date.now(), message, hiddenReads: options.afterReads ?? 0 };
    // events of a stream stay in timestamp order (CloudWatch sorts them); equal timestamps keep arrival order
    let i = s.events.length;
    while (i > 0 && s.events[i - 1]!.timestamp > timestamp) i--;
    s.events.splice(i, 0, event);
    return event;
  }

  group(name: string): FakeLogGroup | undefined {
    return this.groups.get(name);
  }

  groupNames(): string[] {
    return [...this.groups.keys()].sort();
  }

  /** A read of the stream: the events delivered by now (a late one counts this read towards its delivery). */
  read(stream: FakeLogStream): FakeLogEvent[] {
    const out: FakeLogEvent[] = [];
    for (const e of stream.events) {
      if (e.hiddenReads > 0) e.hiddenReads--;
      else out.push(e);
    }
    return out;
  }

  /** The messages of one stream, oldest first (empty when it does not exist). */
  messages(group: string, stream: string): string[] {
    return this.groups.get(group)?.streams.get(stream)?.events.map((e) => e.message) ?? [];
  }
}

// ---------------------------------------------------------------- helpers

const MAX_EVENTS = 10_000;

function groupOf(store: FakeLogStore, input: { logGroupName?: string; logGroupIdentifier?: string }): FakeLogGroup {
  const name = input.logGroupName ?? input.logGroupIdentifier?.replace(/^arn:aws:logs:[^:]*:[^:]*:log-group:/, '').replace(/:\*$/, '');
  if (!name) throw new FakeAwsError('InvalidParameterException', 'Either logGroupName or logGroupIdentifier must be specified');
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined)
    throw new FakeAwsError('InvalidParameterException', 'LogGroupIdentifier and LogGroupName are mutually exclusive parameters');
  const g = store.group(name);
  if (!g) throw new FakeAwsError('ResourceNotFoundException', 'The specified log group does not exist.');
  return g;
}

function checkLimit(limit: unknown, max: number): number | undefined {
  if (limit === undefined) return undefined;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > max)
    throw new FakeAwsError('InvalidParameterException', `1 validation error detected: Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and ${max}`);
  return limit;
}

function encodeToken(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64');
}

function decodeToken<T>(token: unknown): T {
  try {
    return JSON.parse(Buffer.from(String(token), 'base64').toString('utf8')) as T;
  } catch {
    throw new FakeAwsError('InvalidParameterException', 'The specified nextToken is invalid.');
  }
}

/**
 * CloudWatch's simplest filter patterns: empty (all events), a quoted phrase, or space-separated terms that must all
 * occur (case-sensitive). Others are refused, so a test can't silently get unfiltered events.
 */
function matcher(pattern: unknown): (message: string) => boolean {
  if (pattern === undefined || pattern === '') return () => true;
  const p = String(pattern).trim();
  const quoted = /^"([^"]*)"$/.exec(p);
  if (quoted) return (m) => m.includes(quoted[1]!);
  if (/[{}[\]?"=<>-]/.test(p)) throw new FakeAwsError('InvalidParameterException', `the fake supports only plain-term filter patterns, not ${p}`);
  const terms = p.split(/\s+/);
  return (m) => terms.every((t) => m.includes(t));
}

// ---------------------------------------------------------------- operations

/** Registers the CloudWatch Logs operations on the fake endpoint. */
export function installLogs(fake: FakeAws, store: FakeLogStore): void {
  fake.on('Logs_20140328.FilterLogEvents', (input: Record<string, unknown>) => {
    const g = groupOf(store, input);
    const names = input['logStreamNames'] as string[] | undefined;
    const prefix = input['logStreamNamePrefix'] as string | undefined;
    if (names !== undefined && prefix !== undefined)
      throw new FakeAwsError('InvalidParameterException', 'logStreamNames and logStreamNamePrefix are mutually exclusive parameters');
    if (names !== undefined && (names.length < 1 || names.length > 100))
      throw new FakeAwsError('InvalidParameterException', 'logStreamNames must hold between 1 and 100 names');
    const limit = checkLimit(input['limit'], MAX_EVENTS) ?? MAX_EVENTS;
    const start = input['startTime'] as number | undefined;
    const end = input['endTime'] as number | undefined;
    const matches = matcher(input['filterPattern']);
    const streams = [...g.streams.values()].filter((s) => (names ? names.includes(s.name) : prefix ? s.name.startsWith(prefix) : true));
    // a search begins with a page of nothing and a token (CloudWatch searches in chunks); the reads count from there
    if (input['nextToken'] === undefined) return { events: [], searchedLogStreams: [], nextToken: encodeToken({ o: 0, first: true }) };
    const token = decodeToken<{ o: number; first?: boolean }>(input['nextToken']);
    // every matching event delivered by now, in timestamp order (ties: the order they were stored in)
    const all = streams
      .flatMap((s) => (token.first ? store.read(s) : s.events.filter((e) => e.hiddenReads === 0)).map((e) => ({ s: s.name, e })))
      .filter(({ e }) => (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp <= end) && matches(e.message))
      .sort((a, b) => a.e.timestamp - b.e.timestamp || (a.e.eventId < b.e.eventId ? -1 : a.e.eventId > b.e.eventId ? 1 : 0));
    const offset = token.o;
    const page = all.slice(offset, offset + limit);
    const next = offset + page.length;
    return {
      events: page.map(({ s, e }) => ({ logStreamName: s, timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime, eventId: e.eventId })),
      searchedLogStreams: [],
      ...(next < all.length ? { nextToken: encodeToken({ o: next }) } : {}),
    };
  });

  fake.on('Logs_20140328.GetLogEvents', (input: Record<string, unknown>) => {
    const g = groupOf(store, input);
    const s = g.streams.get(String(input['logStreamName'] ?? ''));
    if (!s) throw new FakeAwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    const limit = checkLimit(input['limit'], MAX_EVENTS) ?? MAX_EVENTS;
    const start = input['startTime'] as number | undefined;
    const end = input['endTime'] as number | undefined;
    const events = store.read(s).filter((e) => (start === undefined || e.timestamp >= start) && (end === undefined || e.timestamp < end));
    // tokens are positions in `events`: f/<n> reads forward from n, b/<n> reads backward ending before n
    let from: number;
    let to: number;
    const token = input['nextToken'] as string | undefined;
    if (token !== undefined) {
      const m = /^([fb])\/(\d+)$/.exec(token);
      if (!m) throw new FakeAwsError('InvalidParameterException', 'The specified nextToken is invalid.');
      const n = Math.min(Number(m[2]), events.length);
      if (m[1] === 'f') [from, to] = [n, Math.min(events.length, n + limit)];
      else [from, to] = [Math.max(0, n - limit), n];
    } else if (input['startFromHead'] === true) [from, to] = [0, Math.min(events.length, limit)];
    else [from, to] = [Math.max(0, events.length - limit), events.length];
    return {
      events: events.slice(from, to).map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      // at the end, CloudWatch hands back the token it was given (so a reader polls with the same token)
      nextForwardToken: `f/${to}`,
      nextBackwardToken: `b/${from}`,
    };
  });

  fake.on('Logs_20140328.DescribeLogGroups', (input: Record<string, unknown>) => {
    const prefix = input['logGroupNamePrefix'] as string | undefined;
    const groups = store.groupNames().filter((n) => prefix === undefined || n.startsWith(prefix));
    return { logGroups: groups.map((n) => ({ logGroupName: n, creationTime: store.group(n)!.creationTime, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${n}:*`, storedBytes: 0 })) };
  });

  fake.on('Logs_20140328.DescribeLogStreams', (input: Record<string, unknown>) => {
    const g = groupOf(store, input);
    const prefix = input['logStreamNamePrefix'] as string | undefined;
    const orderBy = (input['orderBy'] as string | undefined) ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') throw new FakeAwsError('InvalidParameterException', `orderBy must be LogStreamName or LastEventTime, not ${orderBy}`);
    if (prefix !== undefined && orderBy === 'LastEventTime')
      throw new FakeAwsError('InvalidParameterException', 'Cannot order by LastEventTime with a logStreamNamePrefix.');
    const limit = checkLimit(input['limit'], 50) ?? 50;
    const lastOf = (s: FakeLogStream) => s.events.reduce((m, e) => Math.max(m, e.timestamp), 0);
    let streams = [...g.streams.values()].filter((s) => prefix === undefined || s.name.startsWith(prefix));
    streams.sort((a, b) => (orderBy === 'LogStreamName' ? (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) : lastOf(a) - lastOf(b)));
    if (input['descending'] === true) streams = streams.reverse();
    const offset = input['nextToken'] !== undefined ? decodeToken<{ o: number }>(input['nextToken']).o : 0;
    const page = streams.slice(offset, offset + limit);
    return {
      logStreams: page.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        arn: `arn:aws:logs:us-east-1:123456789012:log-group:${g.name}:log-stream:${s.name}`,
        storedBytes: 0,
        ...(s.events.length
          ? {
              firstEventTimestamp: s.events[0]!.timestamp,
              lastEventTimestamp: lastOf(s),
              lastIngestionTime: s.events.reduce((m, e) => Math.max(m, e.ingestionTime), 0),
            }
          : {}),
      })),
      ...(offset + page.length < streams.length ? { nextToken: encodeToken({ o: offset + page.length }) } : {}),
    };
  });
}

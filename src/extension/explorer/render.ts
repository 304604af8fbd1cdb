// One renderer for every explorer node: ExplorerNode (data) → vscode.TreeItem. contextValue is built from flags
// ("table.landing.json", "run.failed", "zone.filtered refreshable") and matched with `viewItem =~ /…/` in package.json.
import * as vscode from 'vscode';
import type { JobRunState } from '../../core/model';
import { formatBytes, formatDuration } from '../../core/units';
import { objectCount, type ExplorerNode, type NodeOf } from './nodes';
import { dataFileFormat } from '../../core/targets/local/filePreview';
import { elideMiddle, localDateTime, relativeTime } from './relativeTime';
import { count, dataQualityViews, runDescription, runSummary } from './runText';

const C = vscode.TreeItemCollapsibleState;

export { count, runDescription, runSummary } from './runText';

const SECTION: Record<NodeOf<'section'>['section'], { label: string; icon: string; tooltip: string }> = {
  buckets: { label: 'Buckets', icon: 'archive', tooltip: 'S3 buckets: each dataset of lakehouse.json and its zones (landing → trusted → curated)' },
  catalog: { label: 'Glue Catalog', icon: 'database', tooltip: 'Glue Data Catalog: databases, tables and their columns' },
  jobs: { label: 'Glue Jobs', icon: 'gear', tooltip: 'Glue jobs (one per script) and their runs' },
};

export function runStateIcon(state: JobRunState | undefined, running = false): vscode.ThemeIcon {
  if (running || state === 'RUNNING' || state === 'STARTING') return new vscode.ThemeIcon('sync~spin');
  switch (state) {
    case 'SUCCEEDED':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'FAILED':
    case 'TIMEOUT':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'STOPPED':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
    default:
      return new vscode.ThemeIcon('circle-large-outline');
  }
}

const STATE_LABEL: Record<JobRunState, string> = {
  STARTING: 'Starting',
  RUNNING: 'Running',
  STOPPED: 'Stopped',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  TIMEOUT: 'Timed out',
};

function md(lines: (string | undefined)[]): vscode.MarkdownString {
  const m = new vscode.MarkdownString(lines.filter((l) => l !== undefined).join('  \n'));
  m.supportThemeIcons = true;
  return m;
}

/** Escapes text for a MarkdownString (tooltips show data: names, locations, error messages). */
function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, '\\$&');
}

export function render(node: ExplorerNode): vscode.TreeItem {
  const item = build(node);
  item.id = node.id;
  return item;
}

function build(node: ExplorerNode): vscode.TreeItem {
  switch (node.kind) {
    case 'target': {
      const item = new vscode.TreeItem(node.label, C.None);
      item.description = node.where;
      item.iconPath = new vscode.ThemeIcon(node.targetKind === 'aws' ? 'cloud' : 'server-environment');
      item.tooltip = md([`**Target:** ${esc(node.label)}`, esc(node.where), 'Click to select another target']);
      item.command = { command: 'lakehouse.target.select', title: 'Select Target…' };
      item.contextValue = `target.${node.targetKind}`;
      return item;
    }
    case 'section': {
      const s = SECTION[node.section];
      const item = new vscode.TreeItem(s.label, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(s.icon);
      item.tooltip = s.tooltip;
      item.contextValue = `section.${node.section} refreshable`;
      return item;
    }
    case 'bucket': {
      const item = new vscode.TreeItem(node.bucket, node.projectBucket ? C.Expanded : C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('archive');
      item.description = node.exists ? (node.projectBucket ? 'project bucket' : undefined) : 'not created yet';
      item.tooltip = `s3://${node.bucket}/`;
      item.contextValue = `bucket${node.projectBucket ? '.project' : ''}${node.exists ? '' : ' missing'} refreshable`;
      return item;
    }
    case 'dataset': {
      const item = new vscode.TreeItem(node.dataset, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon('symbol-folder');
      item.description = Object.keys(node.zones).join(' → ');
      item.tooltip = md([`**Dataset** ${esc(node.dataset)}`, ...Object.entries(node.zones).map(([z, p]) => `${z}: \`s3://${node.bucket}/${p}\``)]);
      item.contextValue = 'dataset refreshable';
      return item;
    }
    case 'zone': {
      const item = new vscode.TreeItem(node.zone, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(node.zone === 'landing' ? 'inbox' : node.zone === 'trusted' ? 'verified' : 'star-empty');
      const s = node.stats;
      const size = s ? `${objectCount(s)}, ${formatBytes(s.bytes)}${s.truncated ? '+' : ''}` : undefined;
      item.description = [size, node.filter ? `filter: ${node.filter}` : undefined].filter(Boolean).join(' · ');
      item.tooltip = md([
        `**${esc(node.dataset)} / ${node.zone}**`,
        `\`s3://${node.bucket}/${node.prefix}\``,
        size,
        s?.truncated ? `counting stopped after the first ${count(s.limit)} objects (expand the zone to list them page by page)` : undefined,
        node.filter ? `filtered by prefix \`${node.filter}\`` : undefined,
      ]);
      item.contextValue = `zone.${node.zone}${node.filter ? ' filtered' : ''} refreshable`;
      return item;
    }
    case 'folder': {
      const item = new vscode.TreeItem(node.label, C.Collapsed);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.tooltip = `s3://${node.bucket}/${node.prefix}`;
      item.contextValue = 'folder refreshable';
      return item;
    }
    case 'object': {
      // a long key cut in the middle (keys of one zone differ at their end); the whole key in the tooltip
      const item = new vscode.TreeItem(elideMiddle(node.label, 48), C.None);
      item.iconPath = vscode.ThemeIcon.File;
      item.description = formatBytes(node.object.size);
      item.command = { command: 'lakehouse.object.open', title: 'Open Preview', arguments: [node] };
      item.tooltip = md([`\`s3://${node.bucket}/${node.object.key}\``, `${formatBytes(node.object.size)}, modified ${node.object.lastModified.toLocaleString()}`]);
      // `rows`: a data file the click shows in the grid; `text`: one whose text can be opened too (Open as Text)
      const format = dataFileFormat(node.object.key);
      item.contextValue = `object${format ? ' rows' : ''}${format !== 'parquet' && !/\.(gz|zst)$/i.test(node.object.key) ? ' text' : ''}`;
      return item;
    }
    case 'loadMore': {
      const item = new vscode.TreeItem('Load more…', C.None);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.description = `${count(node.loaded)} shown`;
      item.command = { command: 'lakehouse.explorer.loadMore', title: 'Load More', arguments: [node] };
      item.contextValue = 'loadMore';
      return item;
    }
    case 'database': {
      const item = new vscode.TreeItem(node.database, C.Expanded);
      item.iconPath = new vscode.ThemeIcon('database');
      if (node.description) item.tooltip = node.description;
      item.contextValue = 'database refreshable';
      return item;
    }
    case 'table': {
      const t = node.table;
      const item = new vscode.TreeItem(t.name, C.Collapsed);
      item.iconPath = new vscode.ThemeIcon(t.tableType === 'VIRTUAL_VIEW' ? 'eye' : 'table');
      const zone = node.zone ? node.zone.zone : undefined;
      item.description = [zone, node.format, node.rows !== undefined ? `${count(node.rows)} rows` : undefined].filter(Boolean).join(' · ');
      item.tooltip = md([
        `**${esc(t.database)}.${esc(t.name)}** (${t.tableType.toLowerCase().replace('_', ' ')})`,
        node.zone ? `zone: ${esc(node.zone.dataset)} / ${node.zone.zone}` : 'zone: outside the project\'s datasets',
        `format: ${node.format}`,
        `location: \`${t.storage.location}\``,
        `${t.storage.columns.length} columns${t.partitionKeys.length ? `, partitioned by ${t.partitionKeys.map((k) => esc(k.name)).join(', ')}` : ''}`,
        node.rows !== undefined ? `rows: ${count(node.rows)}` : 'rows: use "Count Rows"',
        node.hint !== undefined ? `note: ${esc(node.hint)}` : undefined,
        t.comment ? esc(t.comment) : undefined,
      ]);
      item.contextValue = `table.${zone ?? 'other'}.${node.format}`;
      return item;
    }
    case 'column': {
      const item = new vscode.TreeItem(node.column.name, C.None);
      item.iconPath = new vscode.ThemeIcon(node.partitionKey ? 'key' : 'symbol-field');
      item.description = node.partitionKey ? `${node.column.type} · partition key` : node.column.type;
      item.tooltip = md([`**${esc(node.column.name)}** \`${node.column.type}\`${node.partitionKey ? ' (partition key)' : ''}`, node.column.comment ? esc(node.column.comment) : undefined]);
      item.contextValue = node.partitionKey ? 'column.partitionKey' : 'column';
      return item;
    }
    case 'job': {
      const item = new vscode.TreeItem(node.job.name, C.Collapsed);
      item.iconPath = runStateIcon(node.lastRun?.state, node.running);
      const last = node.lastRun;
      item.description = node.running ? 'running…' : node.deployed === false ? 'not deployed' : last ? `${last.state.toLowerCase()} · ${relativeTime(last.startedOn)}` : 'never run';
      item.tooltip = md([
        `**${esc(node.job.name)}**`,
        `script: \`${node.job.scriptPath}\``,
        node.deployed === false ? 'not deployed to Glue: use "Deploy Jobs"' : node.job.deployedScript ? `deployed: \`${node.job.deployedScript}\`` : undefined,
        last ? `last run: ${last.state} — ${esc(runSummary(last))}` : 'no runs yet',
      ]);
      item.contextValue = `job${last ? `.${last.state.toLowerCase()}` : ''}${node.deployed === false ? ' undeployed' : ''} refreshable`;
      return item;
    }
    case 'run': {
      const r = node.run;
      const item = new vscode.TreeItem(STATE_LABEL[r.state], C.None);
      item.iconPath = runStateIcon(r.state);
      item.description = runDescription(r);
      item.tooltip = md([
        `**Run** \`${r.id}\` of ${esc(r.jobName)}: **${r.state}**`,
        `started ${localDateTime(r.startedOn)}${r.completedOn ? `, completed ${localDateTime(r.completedOn)}` : ''}`,
        r.executionTime !== undefined ? `duration ${formatDuration(r.executionTime * 1000)}` : undefined,
        r.rowsRead !== undefined ? `rows read ${count(r.rowsRead)}, written ${count(r.rowsWritten ?? 0)}` : undefined,
        r.errorMessage ? `$(error) ${esc(r.errorMessage)}${r.errorLine !== undefined ? ` (${esc(node.scriptPath)}:${r.errorLine})` : ''}` : undefined,
        ...dataQualityViews(r).flatMap((e) => [
          `**Data quality** ${esc(e.heading)}`,
          ...e.rules.map((x) => `${x.passed ? '$(pass)' : '$(error)'} ${esc(x.rule)}${x.reason !== undefined ? ` — ${esc(x.reason)}` : ''}`),
        ]),
      ]);
      item.command = { command: 'lakehouse.run.showLog', title: 'Show Run Log', arguments: [node] };
      item.contextValue = `run.${r.state.toLowerCase()}${r.errorMessage ? ' failed' : ''}`;
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label, C.None);
      item.iconPath =
        node.severity === 'error'
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : node.severity === 'warning'
            ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
            : new vscode.ThemeIcon('info');
      if (node.detail) item.description = node.detail;
      item.tooltip = node.action ? `${node.label}\n\nClick: ${node.action.title}` : node.label;
      if (node.action) item.command = { command: node.action.command, title: node.action.title, ...(node.action.args ? { arguments: node.action.args } : {}) };
      item.contextValue = `message.${node.severity}`;
      return item;
    }
  }
}

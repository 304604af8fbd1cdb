// The HTML shell of a webview page: a strict CSP (default-src 'none'; scripts and styles only from the bundle
// folder, each <script>/<style> with a fresh nonce — the grid library injects its theme CSS with it), the
// bundle loaded through asWebviewUri, and no inline handlers. The page builds everything else with DOM APIs.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

/** Where the webview bundles are; the only folder a page may load from (localResourceRoots). */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: [webviewRoot(extensionUri)], enableFindWidget: true };
}

let codiconFont: string | null | undefined;

/**
 * The icon font's file as codicon.css names it (`codicon.ttf?<hash>`), read once; null when it cannot be read. The
 * page preloads it: the webview delivers the host's first messages only once the page has loaded, and the font,
 * otherwise asked for when the toolbar is first laid out, is what the load waited for last.
 */
function codiconFontFile(root: vscode.Uri): string | null {
  if (codiconFont === undefined) {
    try {
      const css = readFileSync(vscode.Uri.joinPath(root, 'codicon.css').fsPath, 'utf8');
      codiconFont = /url\(["']?\.\/(codicon\.ttf(?:\?[\w]+)?)["']?\)/.exec(css)?.[1] ?? null;
    } catch {
      codiconFont = null;
    }
  }
  return codiconFont;
}

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The page of `bundle` (`dist/webview/<bundle>.js` and `.css`). `title` is plain text. */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'grid' | 'report' | 'jobGraph', title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const root = webviewRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, `${bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, `${bundle}.css`));
  // the workbench's icon font (@vscode/codicons, copied next to the bundles by scripts/build.mjs)
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.css'));
  const font = codiconFontFile(root);
  // (the query string is the stylesheet's own: the same URL, one fetch)
  const fontUrl = font === null ? undefined : `${webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicon.ttf')).toString()}${font.slice('codicon.ttf'.length)}`;
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="lakehouse-nonce" content="${nonce}">
${fontUrl !== undefined ? `<link rel="preload" href="${escapeAttr(fontUrl)}" as="font" type="font/ttf" crossorigin>\n` : ''}<link rel="stylesheet" href="${escapeAttr(codicons.toString())}" nonce="${nonce}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${escapeAttr(style.toString())}" nonce="${nonce}">
<title>${escapeAttr(title)}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${escapeAttr(script.toString())}"></script>
</body>
</html>`;
}

/// <reference lib="dom" />
// The webview side of VS Code: acquireVsCodeApi() may be called once per page; typed to the page's messages.

interface VsCodeApi<ToHost, State> {
  postMessage(message: ToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<ToHost, State>(): VsCodeApi<ToHost, State>;

export function vscodeApi<ToHost, State>(): VsCodeApi<ToHost, State> {
  return acquireVsCodeApi<ToHost, State>();
}

/** The nonce the host put on this page's script (the grid library puts it on the <style> it injects). */
export function pageNonce(): string | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="lakehouse-nonce"]')?.content;
}

// Registering a command: its failures are shown (with "Show Log" and the file/line they name) instead of escaping
// into VS Code's generic "command failed" message; the handler's value is returned to callers (tests, other
// commands) and `undefined` when it failed.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export function command<A extends unknown[], R>(ctx: Ctx, id: string, what: string, handler: (...args: A) => Promise<R> | R): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...(args as A));
    } catch (e) {
      void ctx.showError(what, e);
      return undefined;
    }
  });
}

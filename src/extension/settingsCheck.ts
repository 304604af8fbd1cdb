// Settings the extension cannot use (settingsProblems.ts), said when the window opens and when they change — not
// at the first query that needs them: a warning naming the setting and what it accepts, with "Open Settings", and
// the same line in the Lakehouse log. A problem is shown once while its value stays.
import * as vscode from 'vscode';
import { CONFIG_SECTION } from './config';
import type { Ctx } from './ctx';
import type { SettingProblem } from './settingsProblems';

export class SettingsCheck implements vscode.Disposable {
  private readonly sub: vscode.Disposable;
  /** the problems shown last, as `setting=value` */
  private shown = new Set<string>();

  constructor(private readonly ctx: Ctx) {
    this.sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.local`)) void this.check();
    });
  }

  /** Checks the settings now; returns their problems (shown once each). */
  async check(): Promise<SettingProblem[]> {
    const { settingProblems } = await import('./settingsProblems');
    const problems = settingProblems(this.ctx.config);
    const keys = new Set(problems.map((p) => `${p.setting}=${p.value}`));
    for (const p of problems) {
      if (this.shown.has(`${p.setting}=${p.value}`)) continue;
      this.ctx.log.warn(p.message);
      void vscode.window.showWarningMessage(p.message, 'Open Settings').then((a) => {
        if (a === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', p.setting);
      });
    }
    this.shown = keys;
    return problems;
  }

  dispose(): void {
    this.sub.dispose();
  }
}

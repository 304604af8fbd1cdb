// AWS setup commands, over the same core as `lakehouse doctor` and `lakehouse role`:
// - "Lakehouse: Check AWS Setup": every row of the core's setup check (credentials, region, bucket, Glue, the role,
//   Athena, CloudWatch Logs) in a read-only document, and a notification with the outcome;
// - "Lakehouse: Set Up Glue Role…": create the project's role (its trust policy and policies shown first, in a
//   document, and confirmed) or pick an existing role Glue can assume; either way written into lakehouse.json.
// The plain logic (report text, pick items) is in ../awsUi.ts.
import * as vscode from 'vscode';
import { LakehouseError } from '../../core/errors';
import { roleItems, setupReport, setupSummary, type RoleItem } from '../awsUi';
import type { Ctx } from '../ctx';
import type { ReadonlyDocs } from '../readonlyDocs';
import { command } from './register';

export function registerAwsCommands(ctx: Ctx, docs: ReadonlyDocs): vscode.Disposable[] {
  const checkSetup = async (): Promise<{ report: string } | undefined> => {
    const aws = await ctx.requireAws('Check AWS Setup');
    const rows = await ctx.withProgress(`Checking the AWS setup of ${aws.label}`, (_report, signal) => aws.checkSetup({ signal }));
    ctx.walkthrough.awsSetupChecked();
    const report = setupReport(rows, aws.label);
    ctx.log.info(report.trimEnd());
    await docs.show('aws-setup.md', report);
    const summary = setupSummary(rows);
    const show = summary.level === 'error' ? vscode.window.showErrorMessage : summary.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const roleMissing = rows.some((r) => r.id === 'role' && r.status === 'fail');
    void show(summary.text, ...(roleMissing ? ['Set Up Glue Role…'] : [])).then((a) => {
      if (a) void vscode.commands.executeCommand('lakehouse.aws.setupRole');
    });
    return { report };
  };

  /**
   * The role story. `answers` (tests) skips the questions: `{ create: true }` creates the project's role without
   * asking; `{ use: '<arn or name>' }` picks that one.
   */
  const setupRole = async (answers?: { create?: boolean; use?: string; name?: string }): Promise<{ arn: string } | undefined> => {
    const aws = await ctx.requireAws('Set Up Glue Role');
    const role = await import('../../core/targets/aws/glueRole');
    const project = aws.project;
    const plan = role.glueRolePlan(project, answers?.name);
    let picked: RoleItem | undefined;
    if (answers?.create) picked = { label: plan.roleName, description: '', action: 'create' };
    else if (answers?.use) picked = { label: answers.use, description: '', action: 'use', arn: answers.use };
    else {
      const roles = await ctx.withProgress('Listing the roles Glue can assume', (_r, signal) => aws.connection.withSignal(signal, () => role.listGlueRoles(aws.connection)));
      picked = await vscode.window.showQuickPick(roleItems(roles, plan.roleName, project.manifest.glue.role), {
        title: 'The IAM role the Glue jobs run as',
        placeHolder: 'Create a role for this project, or use one Glue can assume',
        matchOnDescription: true,
        matchOnDetail: true,
      });
    }
    if (!picked) return undefined;
    let arn: string;
    if (picked.action === 'create') {
      const account = (await aws.connection.callerIdentity()).account;
      const text = role.describeGlueRolePlan(plan, account);
      if (!answers?.create) {
        await docs.show(`${plan.roleName}.txt`, `${text}\n`);
        const ok = await vscode.window.showInformationMessage(`Create the IAM role ${plan.roleName} in account ${account}?`, { modal: true, detail: 'Its trust policy and policies are in the document next to this question.' }, 'Create Role');
        if (ok !== 'Create Role') return undefined;
      }
      const made = await ctx.withProgress(`Creating the IAM role ${plan.roleName}`, (_r, signal) => aws.connection.withSignal(signal, () => role.createGlueRole(aws.connection, plan)));
      arn = made.arn;
      ctx.log.info(`created the IAM role ${arn}:\n${text}`);
    } else {
      const found = await aws.connection.withSignal(undefined, () => role.getRole(aws.connection, picked!.arn!));
      if (!found) throw new LakehouseError('EntityNotFound', `no IAM role ${picked.arn} in this account`, { object: picked.arn! });
      if (!found.trustsGlue) throw new LakehouseError('InvalidInput', `Glue cannot assume ${found.arn}: its trust policy does not allow glue.amazonaws.com`, { object: found.arn });
      arn = found.arn;
    }
    await role.writeGlueRole(project, arn);
    ctx.log.info(`lakehouse.json glue.role set to ${arn}`);
    void vscode.window.showInformationMessage(`The Glue jobs run as ${arn} (lakehouse.json glue.role).`);
    return { arn };
  };

  return [command(ctx, 'lakehouse.aws.checkSetup', 'Checking the AWS setup', checkSetup), command(ctx, 'lakehouse.aws.setupRole', 'Setting up the Glue role', setupRole)];
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Template } from 'aws-cdk-lib/assertions';
import { buildAtes, type BuildOptions } from '../ates';
import { readConfig } from '../config';
import { REPO_ROOT } from '../paths';
import { testApp } from './test-app';

/** cdk.json's context, the defaults of every `cdk` command. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'),
).context;

/**
 * The context `npm run synth` uses (`-c synthOnly=true`: cdk.json's placeholder sender is a
 * warning), so the tests check what it would produce.
 */
export const NPM_SYNTH_CONTEXT: Record<string, unknown> = {
  ...CDK_JSON_CONTEXT,
  synthOnly: 'true',
};

/**
 * Builds and synthesizes the app once (synthStage: any target; synthAtes: the full stage). Bundling is skipped (`aws:cdk:bundling-stacks`,
 * CDK's own switch) because esbuild per function takes minutes; bundling.test.ts bundles one
 * real function instead. CDK's built-in CloudFormation validation is off (testApp).
 */
export function synthStage(context: Record<string, unknown> = {}, options: BuildOptions = {}) {
  const app = testApp({
    context: { ...NPM_SYNTH_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context },
  });
  const config = readConfig(app.node);
  const built = buildAtes(app, config, { placeholderIfMissing: true, ...options });
  const assembly = app.synth();
  const templateOf = (stack: Stack) =>
    Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template);
  return {
    app,
    config,
    built,
    alarms: templateOf(built.alarms),
    bus: templateOf(built.bus),
    dashboard: templateOf(built.dashboard),
    api: built.api && templateOf(built.api),
    web: built.web && templateOf(built.web),
    /** Each declared domain with its stack, template and constructs. */
    domains: built.domains.map((stack) => ({
      declaration: stack.service.declaration,
      stack,
      service: stack.service,
      template: templateOf(stack),
    })),
  };
}

/** The whole stage (target `aws`): the API and web stacks are there. */
export function synthAtes(context: Record<string, unknown> = {}, options: BuildOptions = {}) {
  const stage = synthStage(context, options);
  const { api, web } = stage;
  if (!api || !web || !stage.built.api || !stage.built.web) {
    throw new Error('this stage has no API or web stack; use synthStage for partial variants');
  }
  return {
    ...stage,
    api,
    web,
    built: { ...stage.built, api: stage.built.api, web: stage.built.web },
  };
}

/** The logical id a construct's CloudFormation resource has in its stack's template. */
export const logicalIdOf = (construct: IConstruct) => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(element);
};

/** One synthesized stage, shared by the specs in infra/specs/. */
export type SynthesizedAtes = ReturnType<typeof synthAtes>;

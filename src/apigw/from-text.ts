// One call from template text and traffic text to the report: what the CLI and the browser playground use.
import type { ImportOptions } from '../import/options.js';
import { resolveTemplate } from '../import/cloudformation/template.js';
import { apiGatewayFromTemplate } from './import.js';
import type { SimulationOptions } from './plan.js';
import { buildReport, type ApiGatewayReport } from './report.js';
import { simulateApiGateway } from './simulate.js';
import { parseTraffic } from './traffic.js';

export interface ApiGatewayTextInput {
  template: string;
  templateFile: string;
  traffic: string;
  trafficFile: string;
}

export type ApiGatewayTextOptions = Pick<ImportOptions, 'region' | 'params' | 'maxAliasCount'> & Omit<SimulationOptions, 'templateFile'>;

/**
 * simulateApiGateway() from a template's and a traffic file's text, as `vpcsim apigw` runs it; bad input
 * throws an InputError naming the file.
 */
export function simulateApiGatewayText(input: ApiGatewayTextInput, opts: ApiGatewayTextOptions = {}): ApiGatewayReport {
  const warn = opts.warn ?? (() => {});
  const resolved = resolveTemplate(input.template, input.templateFile, {
    ...(opts.region !== undefined && { region: opts.region }),
    ...(opts.params !== undefined && { params: opts.params }),
    ...(opts.maxAliasCount !== undefined && { maxAliasCount: opts.maxAliasCount }),
    warn,
  });
  const model = apiGatewayFromTemplate(resolved, input.templateFile, warn);
  const traffic = parseTraffic(input.traffic, input.trafficFile, { ...(opts.maxAliasCount !== undefined && { maxAliasCount: opts.maxAliasCount }) });
  return buildReport(
    simulateApiGateway(model, traffic, {
      ...(opts.accountRate !== undefined && { accountRate: opts.accountRate }),
      ...(opts.accountBurst !== undefined && { accountBurst: opts.accountBurst }),
      warn,
      templateFile: input.templateFile,
    }),
  );
}

import type { FieldError } from './errors';
import type { JsonSchema } from './json-schema';
import { accessPolicy } from './access-policy';
import { marketStrategyDraftSchema, validateMarketStrategyDraft, type MarketStrategyDraft } from './market-strategy';

/** What the API needs to know to offer, validate and start a process type. */
export interface ProcessDefinition {
  type: string;
  name: string;
  description: string;
  /** eTOM process id(s) it implements. */
  etom: string;
  workflowType: string;
  inputSchema: JsonSchema;
  validateInput(input: unknown): FieldError[];
  businessKey(input: unknown): string;
  startGroups: readonly string[];
}

export const processDefinitions: ProcessDefinition[] = [
  {
    type: 'market-strategy',
    name: 'Market strategy and segments',
    description: 'Draft a market strategy with its segments and offering targets, review it, publish it.',
    etom: '1.1.1 Market Strategy & Policy',
    workflowType: 'marketStrategyWorkflow',
    inputSchema: marketStrategyDraftSchema,
    validateInput: (input) => validateMarketStrategyDraft(input),
    businessKey: (input) => (input as MarketStrategyDraft).name,
    startGroups: accessPolicy.startProcess['market-strategy'] ?? [],
  },
];

export function findProcessDefinition(type: string): ProcessDefinition | undefined {
  return processDefinitions.find((d) => d.type === type);
}

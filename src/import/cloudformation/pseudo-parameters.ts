// CloudFormation's pseudo parameters (Ref AWS::Region, AWS::StackId ...), from the stack's facts.
import type { Resolved } from './intrinsics.js';
import { partitionOf } from './region.js';
import { NO_VALUE } from './values.js';

/** What the pseudo parameters are made of. */
export interface StackFacts {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly partition: string;
}

/** The value of pseudo parameter `name` (`AWS::...`), or undefined when there is no such one. */
export function pseudoParameter(name: string, stack: StackFacts): Resolved | undefined {
  switch (name) {
    case 'AWS::NoValue': return NO_VALUE;
    case 'AWS::Region': return stack.region;
    case 'AWS::AccountId': return stack.accountId;
    case 'AWS::Partition': return stack.partition;
    case 'AWS::StackName': return stack.stackName;
    case 'AWS::URLSuffix': return partitionOf(stack.region).urlSuffix;
    case 'AWS::StackId': return `arn:${stack.partition}:cloudformation:${stack.region}:${stack.accountId}:stack/${stack.stackName}/00000000-0000-0000-0000-000000000000`;
    case 'AWS::NotificationARNs': return [];
  }
  return undefined;
}

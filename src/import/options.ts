// Options shared by every importer (CLI flags map onto these).
export interface ImportOptions {
  /** C-5: `--region`; else inferred from literal AZs; else us-east-1. */
  region?: string;
  /** `--param Key=Value` overrides of template Parameters. */
  params?: Record<string, string>;
  accountId?: string;
  stackName?: string;
  /** Receives one line per warning (skipped resource type, ignored key ...). */
  warn?: (message: string) => void;
  /** YAML alias-expansion limit (alias bombs). */
  maxAliasCount?: number;
}

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_STACK_NAME = 'vpcsim';
export const DEFAULT_REGION = 'us-east-1';

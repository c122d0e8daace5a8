// Types for the untyped npm `longest-prefix-match` package (only what the bench uses).
declare module 'longest-prefix-match' {
  export default class LongestPrefixMatch {
    addPrefix(prefix: string, payload: unknown): void;
    getMatch(prefix: string, all?: boolean): unknown[];
  }
}

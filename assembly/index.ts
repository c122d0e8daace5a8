// Engine entry point: re-exports every data-plane module's batch functions.
export function engineVersion(): i32 {
  return 1;
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export const check = (name: string, ok: boolean, detail: string): Check => ({ name, ok, detail });

export function print(scenario: string, checks: Check[], seconds: number): void {
  console.log(`\n${scenario} (${seconds.toFixed(1)} s)`);
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
}

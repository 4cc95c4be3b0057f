import { AppStack, type AppStackOptions } from './app-stack';

/**
 * For an integration test file: the app started with the demo data, and one token per named
 * person (`{ alice: ['alice', ['marketing-manager']] }`), ready before the first test; stopped after the last.
 */
export function useSeededStack<K extends string>(options: AppStackOptions, people: Record<K, [user: string, groups: string[]]>) {
  const stack = new AppStack(options);
  const tokens = {} as Record<K, string>;
  beforeAll(async () => {
    await stack.start();
    await stack.seedDemoData();
    Object.assign(tokens, await stack.tokensFor(people));
  }, 120_000);
  afterAll(() => stack.stop());
  return { stack, tokens };
}

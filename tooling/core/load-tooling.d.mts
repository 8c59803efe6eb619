// The types of load-tooling.mjs: the kata's TypeScript as one bundle per entry file.

export declare function importTooling(entry: string, options?: { cacheDir?: string }): Promise<unknown>;
export declare function toolingBundle(entry: string, options?: { cacheDir?: string }): Promise<{ file: string; built: boolean }>;

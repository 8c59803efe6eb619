// The types of compile-cache.mjs: Node's compile cache for this thread.

export declare function useCompileCache(): void;

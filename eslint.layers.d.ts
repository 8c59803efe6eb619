// The type of eslint.layers.js, for tooling/layers.test.ts.
import type { Linter } from 'eslint';

declare const layers: Linter.Config[];
export default layers;

/** Browsers from 2021 on (class fields, `??`, `?.`): every evergreen browser. Shared by the build and the size test. */
export const BROWSER_TARGET = ['es2022', 'chrome91', 'firefox90', 'safari15'];

import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/**
 * One config for both ends. `process.env.TARO_ENV` is set by `taro build --type …` before this file
 * loads, so each platform gets its own output folder (dist/h5, dist/weapp).
 */
const platform = process.env.TARO_ENV ?? 'h5';

/**
 * Base URL of the API, fixed at build time. H5 is served by our Koa server, so '' (same origin);
 * the WeChat build must be given an absolute https URL through TARO_APP_API_BASE.
 */
const apiBase = process.env.TARO_APP_API_BASE ?? '';

/** shared/ sits outside sourceRoot: Taro only compiles src/ unless told to (compile.include). */
const sharedDir = path.resolve(__dirname, '../../shared/src');

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'hebei-official-vehicles-miniapp',
    date: '2026-1-1',
    designWidth: 375,
    deviceRatio: { 375: 2, 640: 2.34 / 2, 750: 1, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: { API_BASE: JSON.stringify(apiBase) },
    alias: { '@shared': sharedDir },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedDir] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Taro splits only initial chunks on H5, so every lazily loaded page carried its own copy
      // of zod and the shared schemas; 'all' lets the pages share one chunk.
      webpackChain(chain) {
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
      },
      compile: { include: [sharedDir] },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});

import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/** Where the API serves the dashboard from (src/web/spa-routes.ts): dist/public under the package root. */
export const webOutDir = path.resolve(import.meta.dirname, "../dist/public");

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/** Writes .gz and .br beside each text asset, which @fastify/static serves by Accept-Encoding (no runtime cost). */
function precompress(): Plugin {
  return {
    name: "vigil-precompress",
    apply: "build",
    async writeBundle(options) {
      const dir = options.dir ?? webOutDir;
      const files = await readdir(dir, { recursive: true });
      await Promise.all(
        files
          .filter((file) => /\.(js|css|html|svg|json)$/.test(file))
          .map(async (file) => {
            const full = path.join(dir, file);
            const data = await readFile(full);
            if (data.length < 1024) return;
            await writeFile(`${full}.gz`, await gzipAsync(data, { level: 9 }));
            await writeFile(
              `${full}.br`,
              await brotliAsync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            );
          }),
      );
    },
  };
}

// The API on its default port behind the dev server: `npm run dev` in one terminal, `npm run dev:web` in another.
const api = "http://127.0.0.1:3000";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: webOutDir,
    emptyOutDir: true,
    target: "es2022",
    reportCompressedSize: false,
  },
  server: {
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/status": api,
      "/badge": api,
      "/docs": api,
      "/openapi.json": api,
    },
  },
});

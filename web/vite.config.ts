// Vite builds web/dist (served by `custos serve`); `npm run dev` serves the sources with
// hot reload and forwards /api (HTTP and the live WebSocket) to a running custos.
import { defineConfig } from "vite";

declare const process: { env: Record<string, string | undefined> };
const custos = process.env.CUSTOS_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  build: { target: "es2022", sourcemap: true, assetsDir: "assets" },
  server: {
    proxy: { "/api": { target: custos, ws: true, changeOrigin: false } },
  },
});

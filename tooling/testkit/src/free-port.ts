import { createServer } from "node:net";

/**
 * Asks the kernel for a free TCP port on 127.0.0.1 by binding port 0 and closing again.
 * The port may be taken by someone else before the caller binds it; launchers retry on that.
 * @example await getFreePort() // → 41237
 */
export function getFreePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === "string") {
        server.close();
        reject(new Error(`could not read the bound address of ${host}:0`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}

/**
 * A free TCP port on loopback, for servers whose URL must be configured before they listen.
 */
import { createServer } from 'node:net';

/** Ask the kernel for a free port on 127.0.0.1 and release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

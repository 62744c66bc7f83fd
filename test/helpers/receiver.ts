import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** What the receiver does with a request: answer with a status, or never answer ('hang'). */
export type Behaviour = (request: Received, index: number) => number | 'hang';

/**
 * A real webhook receiver on 127.0.0.1. It can go down (stop listening) and come back on the same
 * port, answer with any status, or hang; it records every request it got, and every connection.
 */
export async function startReceiver(behaviour: Behaviour = () => 204, port = 0) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  let current = behaviour;
  let open = 0;
  let maxOpen = 0;
  let server: Server | undefined;

  const listen = (onPort: number) =>
    new Promise<number>((resolve) => {
      server = createServer((req, res) => {
        open += 1;
        maxOpen = Math.max(maxOpen, open);
        res.on('close', () => {
          open -= 1;
        });
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const request = { headers: req.headers, body, json: JSON.parse(body) };
          received.push(request);
          const answer = current(request, received.length - 1);
          if (answer === 'hang') hanging.push(res);
          else res.writeHead(answer).end();
        });
      });
      server.listen(onPort, '127.0.0.1', () => resolve((server?.address() as AddressInfo).port));
    });

  const boundPort = await listen(port);
  const receiver = {
    port: boundPort,
    url: `http://127.0.0.1:${boundPort}/hook`,
    received,
    get maxConcurrent() {
      return maxOpen;
    },
    behave(next: Behaviour) {
      current = next;
    },
    /** Stops listening: connections are refused until up() is called. */
    async down() {
      for (const res of hanging.splice(0)) res.destroy();
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        server?.closeAllConnections();
      });
    },
    async up() {
      await listen(boundPort);
    },
    close: () => receiver.down(),
  };
  return receiver;
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

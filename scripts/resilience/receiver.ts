import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  /** The `webhook-id` header: one delivery, the same on every retry of it. */
  deliveryId: string;
  /** The change's id in the body: one outbox event. */
  eventId: string;
}

/** A webhook receiver on 127.0.0.1 that answers 204 to everything and records what it got. */
export async function startReceiver(): Promise<{ url: string; received: Delivery[]; close(): Promise<void> }> {
  const received: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string };
      received.push({ deliveryId: String(req.headers['webhook-id']), eventId: body.id });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

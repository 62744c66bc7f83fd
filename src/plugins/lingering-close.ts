import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const LINGERING = Symbol('lingering');

/**
 * Closes like nginx's lingering close: the answer is flushed and the write side shut (FIN), then
 * what the client still sends is read and discarded for up to `ms` before the socket is destroyed.
 * Destroying at once (Node's `destroySoon` for `Connection: close`) resets a client that is still
 * writing, and clients on Node (fetch/undici) then report EPIPE instead of the answer.
 */
function lingerOnClose(socket: Socket, ms: number): void {
  const lingering = socket as Socket & { [LINGERING]?: true };
  if (lingering[LINGERING]) return;
  lingering[LINGERING] = true;
  // Node calls destroySoon() once a `Connection: close` response is finished; shadowed for this socket only.
  socket.destroySoon = () => {
    socket.end();
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.once('close', () => clearTimeout(timer));
    // The client has sent everything (or given up): nothing left to discard.
    socket.once('end', () => socket.destroy());
  };
}

/**
 * An answer sent before its request's body arrived (401, 404, 413, 415 …) closes the connection:
 * the rest of the body is never parsed, only discarded for LINGER_TIMEOUT_MS so the client reads
 * the answer, and a body trickling in (one byte every few seconds) holds no socket past that.
 */
export const lingeringClosePlugin = fp(async function lingeringClosePlugin(
  app: FastifyInstance,
  options: { lingerMs: number },
) {
  app.addHook('onSend', async (request, reply) => {
    if (request.raw.complete || !request.raw.socket) return;
    reply.header('connection', 'close');
    lingerOnClose(request.raw.socket, options.lingerMs);
  });
});

/**
 * The server side every local chat fake (Slack, Mattermost) shares: HTTP on a free loopback port,
 * WebSocket upgrades handed to a `ws` server, 500 when a handler fails, and a close that cuts
 * every connection.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { bounded } from './wait.js';

/** A chat fake's HTTP and WebSocket server; subclasses answer the chat's API. */
export abstract class FakeChatServer {
  /** Accepts the WebSocket upgrades the subclass lets through. */
  protected readonly wss = new WebSocketServer({ noServer: true });
  /** `http://127.0.0.1:<port>` once listening. */
  protected baseUrl = '';
  private server: Server | undefined;

  /** Cut every WebSocket connection abruptly, as a network failure or restart would. */
  abstract dropConnections(): void;

  /** Stop the server. */
  async close(): Promise<void> {
    this.dropConnections();
    this.wss.close();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    const closed = new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    await bounded(closed, { what: `the fake server ${this.baseUrl} to close` });
  }

  /** Listen on a free port of 127.0.0.1. */
  protected async listen(): Promise<void> {
    const server = createServer();
    server.on('request', (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Answer one HTTP request. */
  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** Accept (through `wss`) or refuse one WebSocket upgrade. */
  protected abstract upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** The whole body of a request. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

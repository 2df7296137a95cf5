/**
 * A stand-in for Licode's basic example server's POST /createToken/ (docs/licode-protocol.md §6.1) on loopback,
 * switchable between a good answer and the failures the UI must explain.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TokenServerMode = 'good' | 'refuse' | 'html' | 'garbage' | 'malformed';

export interface TokenRequestSeen {
  username: string;
  role: string;
  room: string;
}

export interface TokenServer {
  url: string;
  mode: TokenServerMode;
  requests: TokenRequestSeen[];
  close(): Promise<void>;
}

export const ERIZO_CONTROLLER_HOST = '127.0.0.1:8080';

export async function startTokenServer(): Promise<TokenServer> {
  const state: TokenServer = { url: '', mode: 'good', requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/createToken/') {
        res.writeHead(404).end('Cannot ' + req.method + ' ' + req.url);
        return;
      }
      state.requests.push(JSON.parse(body) as TokenRequestSeen);
      switch (state.mode) {
        case 'good': {
          const token = {
            tokenId: '65a1f0c2e4b0a1b2c3d4e5f6',
            host: ERIZO_CONTROLLER_HOST,
            secure: false,
            signature: 'OWMxZjZlYjY0ZjE2ZDc4MmE0NmI1ZWRkYjA0ZDBlYjNiZjE5NTE1Mw==',
          };
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(Buffer.from(JSON.stringify(token)).toString('base64'));
          return;
        }
        case 'refuse':
          res.writeHead(401, { 'content-type': 'text/html; charset=utf-8' }).end('No Erizo Controller found');
          return;
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><head><title>It works</title></head><body>It works!</body></html>');
          return;
        case 'garbage':
          res.writeHead(200).end('%%% not a token %%%');
          return;
        case 'malformed':
          // A Licode token with fields missing: something that means to be one, gone wrong.
          res.writeHead(200).end(Buffer.from(JSON.stringify({ tokenId: '65a1f0c2e4b0a1b2c3d4e5f6', host: ERIZO_CONTROLLER_HOST })).toString('base64'));
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

// The readiness probe's guard against a connection to itself (selfConnected): made for real, by
// dialling a port that nothing listens on from that same port.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, selfConnected } from './server-process.ts';

function connect(options: net.NetConnectOpts): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(options, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('selfConnected', () => {
  it('tells a connection to itself, with nothing listening, from a connection to a server', async () => {
    const port = await freePort();
    const itself = await connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort: port });
    expect(selfConnected(itself)).toBe(true);
    itself.destroy();

    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const toServer = await connect({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port });
    expect(selfConnected(toServer)).toBe(false);
    toServer.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});

/**
 * Bytes on the wire of every TCP socket an http server accepts, closed ones included, from the
 * sockets' own counters (bytesRead, bytesWritten): the transport's frames and handshakes, nothing
 * else this process reads or writes (its IPC pipe, its stderr). Installed only when idle cost is
 * measured, so a run without it keeps no per-socket state.
 */
import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';

/** Counts bytes of the server's sockets from the moment it is installed. */
export class SocketByteCounter {
  private readonly live = new Set<Socket>();
  private closedRead = 0;
  private closedWritten = 0;

  constructor(httpServer: HttpServer) {
    const counter = this;
    // One listener function for every socket, not a closure each: this is the closing socket.
    const onClose = function (this: Socket): void {
      counter.closedRead += this.bytesRead;
      counter.closedWritten += this.bytesWritten;
      counter.live.delete(this);
    };
    httpServer.on('connection', (socket: Socket) => {
      this.live.add(socket);
      socket.once('close', onClose);
    });
  }

  /** Totals since installation: closed sockets' final counts plus the open ones' counts now. */
  totals(): { bytesRead: number; bytesWritten: number; openSockets: number } {
    let bytesRead = this.closedRead;
    let bytesWritten = this.closedWritten;
    for (const socket of this.live) {
      bytesRead += socket.bytesRead;
      bytesWritten += socket.bytesWritten;
    }
    return { bytesRead, bytesWritten, openSockets: this.live.size };
  }
}

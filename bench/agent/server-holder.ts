/** The agent holds one server at a time: a second request gets 409 with the reason. */
import type { StartServerRequest } from './agent-protocol.js';
import { HostedServer, type HostingPolicy } from './hosted-server.js';
import { HttpError } from './http-error.js';

/** Holds at most one server, from the start request until its process is gone. */
export class ServerHolder {
  private current: HostedServer | null = null;
  private starting = false;
  /** Set when the agent shuts down while a server is still starting: it is stopped as soon as it exists. */
  private closedReason: string | null = null;

  constructor(private readonly policy: HostingPolicy) {}

  /** Id of the server it holds, or null. */
  get serverId(): string | null {
    return this.current?.id ?? null;
  }

  /** URL of the server it holds, as handed out when it started, or null. */
  get serverUrl(): string | null {
    return this.current?.reply.url ?? null;
  }

  /** Names of the commands it may start (bench agent --server-cmd). */
  get serverCommands(): string[] {
    return [...this.policy.userServers.keys()];
  }

  /** Starts a server when it holds none; 409 when one is starting or running. */
  async start(request: StartServerRequest, arrivedOn: string | undefined): Promise<HostedServer> {
    if (this.starting) throw new HttpError(409, 'another server is starting on this agent; one server at a time');
    if (this.current !== null) {
      throw new HttpError(409, `server ${this.current.id} (pid ${this.current.pid}) is still running on this agent; one server at a time`);
    }
    this.starting = true;
    try {
      const hosted = await HostedServer.start(request, this.policy, arrivedOn);
      if (this.closedReason !== null) {
        await hosted.stop(this.closedReason);
        throw new HttpError(503, 'the agent is shutting down');
      }
      this.current = hosted;
      void hosted.gone.then(() => {
        if (this.current === hosted) this.current = null;
      });
      return hosted;
    } finally {
      this.starting = false;
    }
  }

  /** The running server with this id; 404 when it is not (or no longer) here. */
  get(id: string): HostedServer {
    if (this.current === null || this.current.id !== id) {
      throw new HttpError(404, `no server ${id} on this agent: it was stopped, or never started here`);
    }
    return this.current;
  }

  /** Stops the server it holds, if any (the agent is shutting down). */
  async stopAll(reason: string): Promise<void> {
    this.closedReason = reason;
    await this.current?.stop(reason);
  }
}

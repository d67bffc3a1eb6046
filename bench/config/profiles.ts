/**
 * Profiles: named sets of `bench run` flags, per transport where the libraries' defaults differ.
 * A flag given explicitly always wins over the profile's; run.json records the flags the profile
 * supplied (config.profileFlags) beside the resolved config.
 */
import type { TransportName } from '../../protocol/transports.js';

export const PROFILE_NAMES = ['study-2020', 'current-defaults'] as const;
/** One of the profiles. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** The flags a profile may set, as the CLI would receive them. */
export interface ProfileFlags {
  stack?: string;
  rate?: string;
  socketioTransports?: string;
  sockjsTransports?: string;
  perMessageDeflate?: boolean | string;
}

/** A profile: flags for every transport, then each transport's own. */
export interface Profile {
  name: ProfileName;
  /** One line for --help and the docs. */
  description: string;
  all: ProfileFlags;
  byTransport: Partial<Record<TransportName, ProfileFlags>>;
}

/** sockjs-client's default transport list as far as it works in Node, in the client's own order. */
const SOCKJS_DEFAULT_LIST = 'websocket,xhr-streaming,xhr-polling';

/** Why each setting is what it is: docs/method.md ("The 2020 study's conditions"). */
export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  'study-2020': {
    name: 'study-2020',
    description: "the 2020 stack with the libraries' defaults of that time, clients arriving at 1,000/s",
    all: { stack: '2020', rate: '1000' },
    byTransport: {
      // engine.io 3.4 and engine.io-client 3.4 both default to per-message deflate (threshold 1 KiB); ws 7.2.1's server to none.
      socketio: { socketioTransports: 'polling,websocket', perMessageDeflate: true },
      sockjs: { sockjsTransports: SOCKJS_DEFAULT_LIST },
    },
  },
  'current-defaults': {
    name: 'current-defaults',
    description: "today's libraries with their own defaults: Socket.IO polling then upgrade, deflate off, SockJS's default list",
    all: { stack: 'current' },
    byTransport: {
      socketio: { socketioTransports: 'polling,websocket', perMessageDeflate: false },
      sockjs: { sockjsTransports: SOCKJS_DEFAULT_LIST },
    },
  },
};

/** The profile names as a flag's help lists them. */
export function profileChoices(): string {
  return PROFILE_NAMES.join(' or ');
}

/**
 * The input with the profile's flags filled in where the user gave none, and the flags the
 * profile supplied. `transport` picks the profile's per-transport flags.
 */
export function applyProfile<Input extends ProfileFlags>(profile: Profile, transport: TransportName, input: Input): { input: Input; supplied: ProfileFlags } {
  const flags: ProfileFlags = { ...profile.all, ...profile.byTransport[transport] };
  const supplied: ProfileFlags = {};
  const merged: Input = { ...input };
  for (const key of Object.keys(flags) as Array<keyof ProfileFlags>) {
    if (input[key] !== undefined) continue;
    (merged as ProfileFlags)[key] = flags[key] as never;
    (supplied as Record<string, unknown>)[key] = flags[key];
  }
  return { input: merged, supplied };
}

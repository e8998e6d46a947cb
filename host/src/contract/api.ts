import { z } from 'zod';
import { capMessage, ioSentence } from './messages';
import { hostOps, isOpName } from './ops';
import type { OpArgs, OpName, OpParsedArgs, OpResult, OpReturn } from './ops';

/** The host as the renderer sees it: one async function per contract operation. */
export type HostApi = { [K in OpName]: (args: OpArgs<K>) => Promise<OpResult<K>> };

/** What the host services implement: parsed arguments in, a value the result schema accepts out. */
export type HostHandlers = { [K in OpName]: (args: OpParsedArgs<K>) => Promise<OpReturn<K>> };

export const HOST_ERROR_CODES = [
  'invalid', // arguments failed their schema or a user-level rule (names the field)
  'not_found',
  'exists',
  'unsupported', // e.g. a native dialog asked of the browser host
  'too_large',
  'forbidden', // a path outside where it belongs, a bad token
  'io',
  'internal',
] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

/** A failure the user can act on; its message is written for people. */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

export const HostErrorBody = z.object({ code: z.enum(HOST_ERROR_CODES), message: z.string() });
export type HostErrorBody = z.infer<typeof HostErrorBody>;

/** How a result crosses IPC: Electron keeps only the message of a thrown Error, so we never throw across it. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: HostErrorBody };

export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
}

export function toErrorBody(error: unknown): HostErrorBody {
  if (error instanceof HostError) return { code: error.code, message: capMessage(error.message) };
  if (error instanceof z.ZodError) return { code: 'invalid', message: describeZodError(error) };
  const io = ioSentence(error);
  if (io) return { code: 'io', message: io };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: capMessage(message) };
}

/**
 * Runs one operation for an untrusted caller: the op name must exist, the argument is parsed by its
 * schema before any handler sees it, and the result is checked against its schema on the way out.
 */
export async function dispatch(
  handlers: HostHandlers,
  opName: string,
  rawArgs: unknown,
): Promise<Envelope<unknown>> {
  if (!isOpName(opName))
    return { ok: false, error: { code: 'not_found', message: `unknown operation "${opName}"` } };
  try {
    const spec = hostOps[opName];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid', message: `${opName}: ${describeZodError(parsed.error)}` },
      };
    }
    const handler = handlers[opName] as (args: unknown) => Promise<unknown>;
    const value = spec.result.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new HostError(envelope.error.code, envelope.error.message);
}

/** Builds a HostApi from a transport that carries one op call and returns its envelope. */
export function hostApiFromTransport(
  call: (op: OpName, args: unknown) => Promise<Envelope<unknown>>,
): HostApi {
  const api: Partial<Record<OpName, (args: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(hostOps) as OpName[]) {
    api[name] = async (args: unknown) => unwrap(await call(name, args ?? {}));
  }
  return api as HostApi;
}

/** An in-process HostApi over handlers, with the same checks as IPC and HTTP (tests, Electron main). */
export function createLocalHostApi(handlers: HostHandlers): HostApi {
  return hostApiFromTransport((op, args) => dispatch(handlers, op, args));
}

export type { OpArgs, OpName, OpResult } from './ops';

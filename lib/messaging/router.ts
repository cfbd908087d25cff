import { serializeError } from '../errors';
import { parseRequestEnvelope, type ResponseEnvelope } from './envelope';
import { UnknownRequest, Unauthorized } from './errors';
import { senderKindFor, type Method, type ParamsOf, type ResultOf, type SenderKind } from './table';

/** Who sent a request, as the browser told us — never as the message claims. */
export interface RequestContext {
  sender: SenderKind;
  /** The page's origin for page requests; the extension's own origin for popup requests. */
  origin: string;
  tabId?: number;
  /** Pushes an event to the caller on this request's id (for subscriptions). */
  emit(event: unknown): void;
  /** Runs `listener` once the caller is gone (port closed), so subscriptions can clean up. */
  onClose?(listener: () => void): void;
}

export type Handler<M extends Method> = (
  params: ParamsOf<M>,
  context: RequestContext,
) => ResultOf<M> | Promise<ResultOf<M>>;

export type Handlers = { [M in Method]?: Handler<M> };

export interface Router {
  /** Answers one raw request; never throws — failures become error responses. */
  handle(raw: unknown, context: RequestContext): Promise<ResponseEnvelope | undefined>;
}

export function createRouter(handlers: Handlers): Router {
  return {
    async handle(raw, context) {
      let id: string;
      try {
        const request = parseRequestEnvelope(raw);
        id = request.id;
        const handler = handlers[request.method as Method] as Handler<Method> | undefined;
        const kind = senderKindFor(request.method);
        if (!handler || !kind) {
          throw new UnknownRequest(`Unknown request "${request.method}"`, {
            details: { method: request.method },
          });
        }
        if (kind === 'popup' && context.sender !== 'popup') {
          throw new Unauthorized(`"${request.method}" is only available to the wallet itself`, {
            details: { method: request.method },
          });
        }
        const result = await handler(request.params as ParamsOf<Method>, context);
        return { id, result: result ?? null };
      } catch (error) {
        const envelopeId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
        // An envelope without a usable id cannot be answered: there is nobody to route the answer to.
        if (typeof envelopeId !== 'string') return undefined;
        return { id: envelopeId, error: serializeError(error) };
      }
    },
  };
}

/** Typed calls into the host: resolves with the result or throws ApiCallError carrying the typed error. */
import type { ApiErrorData, ArgsOf, Channel, EventName, EventPayload, LicodeDesktopBridge, ResultOf } from '../../../common/api-contract';

export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  constructor(readonly data: ApiErrorData) {
    super(data.message);
  }
}

export interface HostApi {
  readonly host: LicodeDesktopBridge['host'];
  call<C extends Channel>(channel: C, ...args: undefined extends ArgsOf<C> ? [args?: ArgsOf<C>] : [args: ArgsOf<C>]): Promise<ResultOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createHostApi(bridge: LicodeDesktopBridge): HostApi {
  return {
    host: bridge.host,
    async call(channel, ...args) {
      const result = await bridge.invoke(channel, args[0] as ArgsOf<typeof channel>);
      if (!result.ok) throw new ApiCallError(result.error);
      return result.value;
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

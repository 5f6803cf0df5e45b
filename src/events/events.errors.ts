import { RestError } from '../platform/errors.js'

/** Errors of event.* as their pages word them (api-reference/events/). */
export const eventErrors = {
  nullArgument: (name: string) => new RestError('ERROR_ARGUMENT', `Argument '${name}' is null or empty`, 400),
  argument: (why: string) => new RestError('ERROR_ARGUMENT', why, 400),
  eventType: () => new RestError('ERROR_ARGUMENT', 'Value must be one of {online|offline}', 400),
  offlineNotAllowed: () => new RestError('ERROR_ARGUMENT', 'Offline event cannot be registered for this event.', 400),
  eventNotFound: () => new RestError('ERROR_EVENT_NOT_FOUND', 'Event not found', 400),
  alreadyBound: () => new RestError('ERROR_CORE', 'Unable to set event handler: Handler already binded', 400),
  offlineBindAdmin: () => new RestError('ACCESS_DENIED', 'Access denied! Offline events binding requires administrator access rights', 403),
  authTypeBindAdmin: () => new RestError('ACCESS_DENIED', 'Access denied! Event binding with AUTH_TYPE requires administrator access rights', 403),
  offlineUnbindAdmin: () => new RestError('ACCESS_DENIED', 'Access denied! Offline events unbinding requires administrator access rights', 403),
  authTypeUnbindAdmin: () => new RestError('ACCESS_DENIED', 'Access denied! Event unbinding with AUTH_TYPE requires administrator access rights', 403),
  adminOnly: () => new RestError('ACCESS_DENIED', 'Access denied!', 403),
  deliveryNotFound: (id: number) => new RestError('ERROR_NOT_FOUND', `Delivery ${id} not found`, 404),
  notForApps: () => new RestError('WRONG_AUTH_TYPE', 'Deliveries are managed with an administrator webhook or the command line', 403),
} as const

export { runWithContext, currentContext, currentCorrelationId, type RequestContext } from './request-context';

import type { KindStrategy } from '../engine/resourceRegistry.js';

/**
 * Events, core (`v1`) and `events.k8s.io/v1`: the real server shows the fields the other API
 * version has as empty values (null times, empty strings, an empty source).
 */

/** core/v1 Events. */
export const coreEventStrategy: KindStrategy = {
  fillZeroValues: (obj) => {
    obj.source ??= {};
    obj.firstTimestamp ??= null;
    obj.lastTimestamp ??= null;
    obj.eventTime ??= null;
    obj.reportingComponent ??= '';
    obj.reportingInstance ??= '';
  },
};

/** events.k8s.io/v1 Events. */
export const eventsV1Strategy: KindStrategy = {
  fillZeroValues: (obj) => {
    obj.deprecatedSource ??= {};
    obj.deprecatedFirstTimestamp ??= null;
    obj.deprecatedLastTimestamp ??= null;
  },
};

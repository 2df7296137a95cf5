export { startSyntheticPublisher, type SyntheticPublisher, type SyntheticPublisherOptions } from './synthetic-publisher.js';
export { TestPattern, ToneGenerator } from './test-pattern.js';

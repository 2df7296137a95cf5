export { startSyntheticPublisher, type SyntheticPublisher, type SyntheticPublisherOptions } from './synthetic-publisher';
export { TestPattern, ToneGenerator } from './test-pattern';

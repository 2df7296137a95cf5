/**
 * English messages of the presenter's desktop controls: the sharing bar window and the compact presenter view
 * (merged into en.ts). Keys start with `presenter.`.
 */
export const presenterEn = {
  'presenter.bar.sharingSource': 'You are sharing {source}',
  'presenter.compact.open': 'Compact view',
  'presenter.compact.openHint': 'Shrink this window to a small always-on-top view while you present',
  'presenter.compact.label': 'Compact presenter view',
  'presenter.compact.back': 'Back to full view',
  'presenter.compact.controls': 'Presenter controls',
} as const;

// The back-off lives in common/ because the kiosk supervisor in main uses it too; the library keeps its import path.
export { Backoff, type BackoffOptions } from '../../../common/backoff';

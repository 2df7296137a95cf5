import type { FuseV1Config } from '@electron/fuses';

export declare const RELEASE_FUSES: Readonly<FuseV1Config>;

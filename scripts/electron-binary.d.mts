export declare const ELECTRON_PACKAGE_DIR: string;
export declare function electronBinaryPath(): string | null;

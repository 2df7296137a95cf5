import { readFileSync } from 'node:fs';
import type { AppInfo } from '../common/api-contract';

interface PackageJson {
  productName?: string;
  name: string;
  version: string;
}

/** Reads name and version from the package.json found at `packageJsonPath`. */
export function readAppInfo(packageJsonPath: string, host: AppInfo['host'], versions: Record<string, string>): AppInfo {
  const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as PackageJson;
  return { name: pkg.productName ?? pkg.name, version: pkg.version, host, platform: process.platform, versions };
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/** Semantic version precedence (build metadata ignored). */
export function compareSemver(a: string, b: string): number {
  const pa = SEMVER.exec(a);
  const pb = SEMVER.exec(b);
  if (!pa || !pb) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 1; i <= 3; i++) {
    const d = Number(pa[i]) - Number(pb[i]);
    if (d !== 0) return Math.sign(d);
  }
  const ra = pa[4];
  const rb = pb[4];
  if (ra === undefined || rb === undefined) return ra === rb ? 0 : ra === undefined ? 1 : -1;
  const xa = ra.split('.');
  const xb = rb.split('.');
  for (let i = 0; i < Math.max(xa.length, xb.length); i++) {
    const ia = xa[i];
    const ib = xb[i];
    if (ia === undefined) return -1;
    if (ib === undefined) return 1;
    const na = /^\d+$/.test(ia);
    const nb = /^\d+$/.test(ib);
    if (na && nb && Number(ia) !== Number(ib)) return Math.sign(Number(ia) - Number(ib));
    if (na !== nb) return na ? -1 : 1;
    if (ia !== ib) return ia < ib ? -1 : 1;
  }
  return 0;
}

/** The versions the vNext platform's schemas accept: MAJOR.MINOR.PATCH, or with one pre-release label and number (1.0.0-rc.1). */
const PLATFORM_VERSION = /^\d+\.\d+\.\d+(-[a-zA-Z]+\.\d+)?$/;

/**
 * FS1103's words for a version written into a vNext component, or undefined
 * when the platform takes it: semantic versions beyond its pattern
 * (1.0.0-alpha, 1.0.0+build) would compile into JSON it refuses.
 */
export function platformVersionProblem(version: string, what: string): { message: string; hint: string } | undefined {
  if (!isSemver(version)) return { message: `${what} '${version}' is not a semantic version`, hint: "write MAJOR.MINOR.PATCH, as in '1.0.0'" };
  if (!PLATFORM_VERSION.test(version)) return { message: `${what} '${version}' is a semantic version the vNext platform does not take`, hint: "write MAJOR.MINOR.PATCH, or one pre-release label and number: '1.0.0' or '1.0.0-rc.1'" };
  return undefined;
}

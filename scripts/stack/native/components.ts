/**
 * Build recipes for the upstream components the native mode compiles from their Go modules.
 * Each is built as the main module (its own replace directives apply) from a writable copy
 * of the module's directory (native/build.ts does the building).
 */
import type { Versions } from '../versions.ts';
import { mimirNativeVersion, prometheusModuleVersion } from '../versions.ts';

/** Loki and k6 are not here: their modules are AGPL (stack/services.ts, `native`). */
export const upstreamNames = ['prometheus', 'mimir', 'alloy'] as const;
export type UpstreamName = (typeof upstreamNames)[number];

/** A `replace X => ./dir` the module zip cannot satisfy, and the published version used instead. */
export interface Substitute {
  /** Module path of the nested module. */
  readonly path: string;
  /** Published version required in its place; by default the one go.mod's require line names. */
  readonly version?: string;
  /** Why this version, for the build log. */
  readonly why: string;
}

export interface Recipe {
  readonly name: UpstreamName;
  /** Go module path. */
  readonly module: string;
  /** Version passed to `go mod download`. */
  readonly moduleVersion: string;
  /** Release or image tag the binary reports; names its folder under .stack/bin. */
  readonly version: string;
  /** Packages given to `go build`. */
  readonly packages: readonly string[];
  /** Binaries the build leaves in the output folder. */
  readonly binaries: readonly string[];
  /** Build tags of upstream's release build. */
  readonly tags: readonly string[];
  /** Tags the workshop adds to those, to compile less where no lesson loses anything (bench:build compares). */
  readonly trimTags?: readonly string[];
  /** Compile with cgo, as upstream's release builds do; needs a C compiler. */
  readonly cgo: boolean;
  /** -X settings that stamp the version, as the upstream Makefiles do. */
  readonly ldflags: readonly string[];
  readonly substitutes: readonly Substitute[];
}

export function recipes(v: Versions): Readonly<Record<UpstreamName, Recipe>> {
  const promModule = prometheusModuleVersion(v.PROMETHEUS_VERSION);
  const promVersion = 'github.com/prometheus/common/version';
  const mimirVersion = 'github.com/grafana/mimir/pkg/util/version';
  const alloyBuild = 'github.com/grafana/alloy/internal/build';
  return {
    prometheus: {
      name: 'prometheus',
      module: 'github.com/prometheus/prometheus',
      moduleVersion: promModule,
      version: v.PROMETHEUS_VERSION,
      packages: ['./cmd/prometheus', './cmd/promtool'],
      binaries: ['prometheus', 'promtool'],
      // remove_all_sd: upstream's documented tag that leaves out every service-discovery plugin
      // but file and http (plugins/minimum.go); the lessons and labs use static targets only.
      tags: ['netgo'],
      trimTags: ['remove_all_sd'],
      cgo: false,
      ldflags: [
        `${promVersion}.Version=${v.PROMETHEUS_VERSION.slice(1)}`,
        `${promVersion}.Revision=${promModule}`,
        `${promVersion}.Branch=HEAD`,
        `${promVersion}.BuildUser=workshop-native-build`,
      ],
      substitutes: [],
    },
    mimir: {
      name: 'mimir',
      module: 'github.com/grafana/mimir',
      moduleVersion: v.MIMIR_MODULE_VERSION,
      // Not MIMIR_VERSION, the image tag: this is a main-branch commit (stack/versions.env says why).
      version: mimirNativeVersion(v),
      packages: ['./cmd/mimir'],
      binaries: ['mimir'],
      tags: ['netgo', 'stringlabels'],
      cgo: false,
      ldflags: [
        `${mimirVersion}.Version=${mimirNativeVersion(v)}`,
        `${mimirVersion}.Revision=${v.MIMIR_COMMIT}`,
        `${mimirVersion}.Branch=main`,
      ],
      substitutes: [],
    },
    alloy: {
      name: 'alloy',
      module: 'github.com/grafana/alloy',
      moduleVersion: v.ALLOY_VERSION,
      version: v.ALLOY_VERSION,
      packages: ['.'],
      binaries: ['alloy'],
      tags: ['netgo'],
      // Upstream builds with CGO_ENABLED=1: prometheus.exporter.oracledb's driver (godror)
      // has no pure-Go fallback and fails to compile without cgo.
      cgo: true,
      ldflags: [
        `${alloyBuild}.Version=${v.ALLOY_VERSION}`,
        `${alloyBuild}.Branch=HEAD`,
        `${alloyBuild}.BuildUser=workshop-native-build`,
        `github.com/grafana/alloy/syntax/internal/stdlib.Version=${v.ALLOY_VERSION}`,
      ],
      substitutes: [
        {
          path: 'github.com/grafana/alloy/syntax',
          version: v.ALLOY_SYNTAX_VERSION,
          why: 'go.mod replaces it with ./syntax, which the module zip omits; the proxy serves no pseudo-version of that commit',
        },
      ],
    },
  };
}

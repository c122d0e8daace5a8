// Route-table LPMs, built once per loaded image (JS calls imageBuildRouteTables() after imageLoad()):
// one IPv4 and one IPv6 LPM (lpm-build.ts) per VPC route table and per transit gateway route table,
// whose values are the route record indexes the walk then reads (RT-3, TGW-3). A table without
// routes of a family gets NONE in its Lpm4 / Lpm6 field. The down set's per-image tables are
// prepared here too, the other once-per-image step.
import { Section } from '../abi/image';
import { RouteField, RouteTableField } from '../abi/image-routes';
import { TgwRouteField, TgwRouteTableField } from '../abi/image-hybrid';
import { NONE } from '../abi/version';
import { downLoadImage } from './down-set';
import { record, recordCount, field, setField } from './image';
import { lpmBuild } from './lpm-build';
import { arenaAlloc } from './memory';

/** Builds the LPM tables of every VPC and TGW route table of the loaded image; 0, or -1 when one fails. */
export function imageBuildRouteTables(): i32 {
  downLoadImage();
  if (buildLpms(Section.RouteTable, RouteTableField.Stride, RouteTableField.Route4Start, RouteTableField.Lpm4, Section.Route, RouteField.Stride, RouteField.Prefix) < 0) return -1;
  return buildLpms(Section.TgwRouteTable, TgwRouteTableField.Stride, TgwRouteTableField.Route4Start, TgwRouteTableField.Lpm4, Section.TgwRoute, TgwRouteField.Stride, TgwRouteField.Prefix);
}

/**
 * One table section's LPMs: each record holds Route4Start, Route4Count, Route6Start, Route6Count from
 * `rangeField` on, and Lpm4, Lpm6 from `lpmField` on; routes carry a PrefixField prefix at `prefixField`.
 */
function buildLpms(tableSection: i32, tableStride: i32, rangeField: i32, lpmField: i32, routeSection: i32, routeStride: i32, prefixField: i32): i32 {
  const tables = recordCount(tableSection);
  let scratchCap: i32 = 0;
  let addrs: usize = 0;
  let lens: usize = 0;
  let values: usize = 0;
  for (let t = 0; t < tables; t++) {
    const r = record(tableSection, tableStride, t);
    for (let k = 0; k < 2; k++) {
      const family = k == 0 ? 4 : 6;
      const start = field(r, rangeField + 2 * k);
      const count = field(r, rangeField + 2 * k + 1);
      if (count == 0) {
        setField(r, lpmField + k, NONE);
        continue;
      }
      if (count > scratchCap) {
        scratchCap = max<i32>(count, scratchCap * 2);
        addrs = arenaAlloc(<usize>scratchCap * 16);
        lens = arenaAlloc(<usize>scratchCap);
        values = arenaAlloc(<usize>scratchCap * 4);
      }
      const words: i32 = family == 4 ? 1 : 4;
      for (let i = 0; i < count; i++) {
        const p = record(routeSection, routeStride, start + i) + (<usize>prefixField << 2);
        for (let w = 0; w < words; w++) store<i32>(addrs + (<usize>(i * words + w) << 2), load<i32>(p + (<usize>(2 + w) << 2)));
        store<u8>(lens + <usize>i, <u8>load<i32>(p, 4));
        store<i32>(values + (<usize>i << 2), start + i);
      }
      const id = lpmBuild(family, addrs, lens, values, count);
      if (id >= 0xfffffffd) return -1;
      setField(r, lpmField + k, <i32>id);
    }
  }
  return 0;
}

import type { PoolRow } from '@shared/supervision/supervision.schemas';

/**
 * Props of the region's map: the rows of the level below (sub-regions, units) at their place (a
 * unit's address, a region's units' middle; GCJ-02). H5 draws them on the fleet's plotted frame
 * (region-map.tsx), WeChat on its native map (region-map.weapp.tsx).
 */
export interface RegionMapProps {
  rows: PoolRow[];
  onSelect(row: PoolRow): void;
}

/** A row's colour on the map: red warnings → red, any warning → orange, none → green. */
export const rowColour = (r: PoolRow): string => (r.warningsRed > 0 ? '#fa5151' : r.warnings > 0 ? '#ff8f1f' : '#00b578');

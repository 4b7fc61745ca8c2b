import type { TrackPoint, VehiclePosition } from '../../services/telematics.api';

/**
 * Props of the plotted views. Each view has an H5 file (SVG, `name.tsx`) and a WeChat file (native
 * map, `name.weapp.tsx`); Taro picks the file of the platform at build time (STYLE.md "Mini-program UI").
 */
export interface FleetPlotProps {
  vehicles: VehiclePosition[];
  selectedId: number | null;
  onSelect(vehicleId: number): void;
}

export interface TrackPlotProps {
  points: TrackPoint[];
}

import type { GeoPoint, RentalCar, Station } from '@shared/rental/rental.schemas';

/**
 * Props of the rental map. H5 draws it as SVG (rental-plot.tsx), WeChat with its native map
 * (rental-plot.weapp.tsx); Taro picks the platform's file at build time (STYLE.md "Mini-program UI").
 */
export interface RentalPlotProps {
  cars: Array<Pick<RentalCar, 'id' | 'plate' | 'position' | 'online' | 'status'>>;
  stations: Station[];
  /** Where the user is (WGS-84), when known. */
  me: GeoPoint | null;
  selectedId: number | null;
  /** The operator's fleet: an offline car is drawn grey whatever its status. */
  greyOffline?: boolean;
  onSelect(carId: number): void;
}

import { haversineMetres, haversineRadians } from '@shared/common/geo';

describe('the one haversine (shared/common/geo)', () => {
  it.each([
    // 石家庄站 → 河北省人民政府, ~5.2 km; Shijiazhuang → Baoding, ~125 km; one degree of latitude, ~111.2 km.
    [{ lat: 38.0105, lng: 114.4836 }, { lat: 38.0466, lng: 114.5215 }, 5_100, 5_300],
    [{ lat: 38.0428, lng: 114.5149 }, { lat: 38.8739, lng: 115.4646 }, 124_000, 126_000],
    [{ lat: 38, lng: 114.5 }, { lat: 39, lng: 114.5 }, 111_190, 111_200],
  ])('when the points are %j and %j, then they lie between %i and %i metres apart', (a, b, min, max) => {
    expect(haversineMetres(a, b)).toBeGreaterThan(min);
    expect(haversineMetres(a, b)).toBeLessThan(max);
    expect(haversineMetres(b, a)).toBe(haversineMetres(a, b));
  });

  it('when a point is measured to itself, then the distance is 0', () => {
    expect(haversineMetres({ lat: 38.04, lng: 114.51 }, { lat: 38.04, lng: 114.51 })).toBe(0);
  });

  it('when the solver uses the radian form, then it gives exactly the degree form', () => {
    const rad = Math.PI / 180;
    const a = { lat: 38.0105, lng: 114.4836 };
    const b = { lat: 38.1567, lng: 114.5861 };
    expect(haversineRadians(a.lat * rad, a.lng * rad, Math.cos(a.lat * rad), b.lat * rad, b.lng * rad, Math.cos(b.lat * rad))).toBe(haversineMetres(a, b));
  });
});
